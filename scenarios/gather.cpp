// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 2: run independent calls concurrently with gather, and keep what succeeded.
//
// N items, each one call to a service that fails now and then. Three ways to collect them:
// - one after another (a for loop of awaits): every result is kept, at the sum of latencies;
// - gather without return_exceptions: concurrent, but the first failure raises out of gather
//   and every other result is lost to the caller, while the other calls run on regardless;
// - gather with return_exceptions=True (the guide's pattern): concurrent, every outcome
//   comes back in order, failures reported item by item.
#include "common.h"

#include "engine/gather.h"
#include "engine/sleep.h"
#include "engine/world/service.h"

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config) : service(random, std::move(config)) {}
    Service service;
    bool callerGaveUp = false;
};

QCoro::Task<int> processItem(World &w, std::uint64_t i)
{
    co_await w.service.call(i);
    if (w.callerGaveUp)
        count("results_nobody_reads"); // finished after gather had already raised
    co_return int(i);
}

/// The variants, by what sets them apart.
enum class Kind { Sequential, GatherFailFast, GatherReturnExceptions };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("latency_ms") / 1000.0));
    config.failureProbability = p.number("failure_rate");
    config.costPerCall = 1;
    World &w = ctx.make<World>(ctx.random, config);
    const auto n = std::uint64_t(p.integer("items"));
    double kept = 0, reported = 0;
    // The caller asks for n results at 0; each is answered when the caller has it in hand.
    const Time asked = now();
    issue(n);

    if (kind == Kind::Sequential) {
        for (std::uint64_t i = 0; i < n; ++i) {
            try {
                co_await processItem(w, i);
                ++kept;
                answer(Answer::Ok, asked);
            } catch (const ServiceError &) {
                ++reported;
                answer(Answer::Failed, asked);
            }
        }
    } else {
        std::vector<TaskHandle<int>> tasks;
        for (std::uint64_t i = 0; i < n; ++i)
            tasks.push_back(spawn({"item", std::int64_t(i)}, [&w, i] { return processItem(w, i); }));
        if (kind == Kind::GatherFailFast) {
            try {
                kept = double((co_await gather(std::move(tasks))).size());
                for (std::uint64_t i = 0; i < n; ++i)
                    answer(Answer::Ok, asked);
            } catch (const ServiceError &) {
                reported = 1; // one exception: which items failed, and what the others returned, is lost
                for (std::uint64_t i = 0; i < n; ++i)
                    answer(Answer::Failed, asked); // the caller holds one error, and none of the results
                w.callerGaveUp = true;
                ctx.extraMetrics.push_back({"time_to_exception_s", toSeconds(now())});
            }
        } else {
            const auto outcomes = co_await gather(std::move(tasks), returnExceptions);
            for (const auto &o : outcomes) {
                (o.ok() ? kept : reported) += 1;
                answer(o.ok() ? Answer::Ok : Answer::Failed, asked);
            }
        }
    }
    ctx.extraMetrics.push_back({"results_kept", kept});
    ctx.extraMetrics.push_back({"errors_reported", reported});
}

} // namespace

Scenario gatherScenario()
{
    Scenario s;
    s.id = "gather";
    s.practice = 2;
    s.group = "foundations";
    s.title = "Concurrent calls with gather";
    s.summary = "Independent calls awaited one by one take the sum of their latencies; gather takes "
                "the longest, and return_exceptions keeps every result when some fail.";
    s.parameters = {
        {"items", "Items", "", NumericRange{1, 100'000, 50, 1}},
        {"failure_rate", "Failure probability", "", NumericRange{0, 1, 0.05, 0.01}},
        {"latency_ms", "Mean latency", "ms", NumericRange{1, 10'000, 100, 1}},
        latencyKindParameter(),
    };
    s.variants = {{"sequential", "One after another", Role::Bad, bind(run, Kind::Sequential)},
                  {"gather-fail-fast", "gather() without return_exceptions", Role::Bad, bind(run, Kind::GatherFailFast)},
                  {"gather-return-exceptions", "gather(..., return_exceptions=True)", Role::Good, bind(run, Kind::GatherReturnExceptions)}};
    s.metrics = {headline({.id = "results_kept", .label = "results kept", .better = Better::Higher}),
                 headline("makespan_s"),
                 {.id = "results_nobody_reads", .label = "results nobody reads", .better = Better::Lower, .absentMeansZero = true},
                 {.id = "errors_reported", .label = "errors reported", .better = Better::Higher},
                 {.id = "time_to_exception_s", .label = "time to the exception", .unit = Unit::Seconds},
                 metric("service_calls"), metric("peak_in_flight")};
    s.chartSignals = {serviceInFlightSignal("service")};
    s.questions = {{"{items} items, each failing with probability {failure_rate}. With a plain gather (it fails fast), how many results does the caller keep?", "gather-fail-fast", "results_kept", 0.1, 0.5, "The first failure raises out of gather, and the caller holds that one exception: none of the results reach it, though the other calls run on (for nobody)."},
                   {"And with return_exceptions=True?", "gather-return-exceptions", "results_kept", 0.1, 1, "return_exceptions=True gives back one entry per item, a result or its exception: the caller keeps every success, the {items} items less the few that failed."}};
    s.narrate = [](const Scenario::Story &st) {
        std::vector<Mark> m;
        if (st.metrics.has("time_to_exception_s"))
            m.push_back({st.number("time_to_exception_s"), "verdict",
                         "first failure raised: " + saidCount(st.number("results_kept")) + " results kept, " +
                             saidCount(st.number("results_nobody_reads")) + " calls go on for nobody"});
        else if (st.number("peak_in_flight") <= 1)
            m.push_back({st.number("makespan_s"), "verdict",
                         "one call at a time: " + said(st.number("makespan_s")) + " for " + saidCount(st.number("service_calls")) + " calls"});
        else
            m.push_back({st.number("makespan_s"), "verdict",
                         saidCount(st.number("results_kept")) + " results and " + saidCount(st.number("errors_reported")) +
                             " errors, each with its item"});
        return m;
    };
    return s;
}

} // namespace scenarios
