// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 4: limit concurrency with a semaphore.
//
// Requests arrive (all at once, or as a Poisson stream) and call a service that serves
// `capacity` requests at a time and queues the rest, each with a client timeout. Unbounded
// fan-out sends everything at once: the server queue grows, latency grows with it, and the
// timeout turns the queue into errors. A semaphore keeps at most `limit` requests in flight;
// the rest wait on the client side, where the wait is visible and bounded by our own choice.
// With an unlimited server and Poisson arrivals, the semaphore variant is an M/M/c queue.
#include "common.h"

#include <cmath>

#include "engine/metrics.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config, Duration timeout, int gauge)
        : service(random, std::move(config)), clientTimeout(timeout), inFlightGauge(gauge)
    {
    }
    Service service;
    std::optional<Semaphore> limit;
    Duration clientTimeout;
    Outstanding outstanding;
    double totalWait = 0; // seconds spent waiting for a permit
    int inFlightGauge;
};

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    Recorder &rec = Loop::running().recorder();
    const Time arrived = now();
    issue();
    Permit permit;
    if (w.limit) { // async with semaphore:
        permit = co_await w.limit->acquire();
        w.totalWait += toSeconds(now() - arrived);
    }
    rec.adjust(w.inFlightGauge, now(), +1);
    try {
        if (w.clientTimeout > Duration{0})
            co_await timeout(w.clientTimeout, w.service.call(i));
        else
            co_await w.service.call(i);
        count("completed");
        answer(Answer::Ok, arrived);
    } catch (const TimeoutError &) {
        settle("timed_out", TaskOutcome::TimedOut);
        answer(Answer::TimedOut, arrived);
    } catch (const ServiceError &) {
        settle("failed", TaskOutcome::Failed);
        answer(Answer::Failed, arrived);
    }
    rec.adjust(w.inFlightGauge, now(), -1);
    w.outstanding.done();
}

/// The variants, by what sets them apart.
enum class Kind { Unbounded, Semaphore };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("latency_ms") / 1000.0));
    config.capacity = p.integer("capacity");
    config.finishAbandonedWork = true; // a timed-out request still occupies the server
    World &w = ctx.make<World>(ctx.random, config, fromSeconds(p.number("timeout_s")),
                               ctx.loop.recorder().gauge("in_flight"));
    if (kind == Kind::Semaphore)
        w.limit.emplace(p.integer("limit"), "limit");

    const auto n = std::uint64_t(p.integer("requests"));
    co_await arriveAll(ctx, w.outstanding, n, [&w](std::uint64_t i) {
        spawn({"request", std::int64_t(i)}, [&w, i] { return request(w, i); });
    });
    co_await w.outstanding.wait();
    reportLittlesLaw(ctx, {"in_flight", "limit.queued"}); // in flight, and waiting for a permit
    if (w.limit) {
        ctx.extraMetrics.push_back({"mean_wait_s", w.totalWait / double(n)});
        // An unlimited server behind a semaphore of c permits, Poisson arrivals, exponential
        // service: an M/M/c queue, whose mean wait Erlang C gives (theory, beside the measure).
        const bool mmc = p.integer("capacity") == 0 && p.choice("arrival") == "poisson" && p.choice("latency") == "exponential";
        const double wait = coro::erlangCMeanWait(p.integer("limit"), p.number("arrival_rate"), 1000.0 / p.number("latency_ms"));
        if (mmc && std::isfinite(wait))
            ctx.extraMetrics.push_back({"erlang_c_wait_s", wait});
    }
}

} // namespace

Scenario semaphoreScenario()
{
    Scenario s;
    s.id = "semaphore";
    s.practice = 4;
    s.group = "concurrency control";
    s.title = "Limit concurrency with a semaphore";
    s.summary = "Unbounded fan-out floods a service that serves a few at a time; a semaphore keeps "
                "the load where the service can take it.";
    s.parameters = {
        {"requests", "Requests", "", NumericRange{1, 1'000'000, 400, 1}},

        {"limit", "Semaphore permits", "", NumericRange{1, 1000, 10, 1}},
        {"capacity", "Server capacity (0 = unlimited)", "", NumericRange{0, 1000, 10, 1}},
        {"latency_ms", "Mean service time", "ms", NumericRange{1, 10'000, 100, 1}},
        latencyKindParameter(),
        {"timeout_s", "Client timeout (0 = none)", "s", NumericRange{0, 3600, 2, 0.1}},
        arrivalParameter(),
        arrivalRateParameter(80),
    };
    s.variants = {{"unbounded", "Unbounded fan-out (gather everything)", Role::Bad, bind(run, Kind::Unbounded)},
                  {"semaphore", "Semaphore(limit)", Role::Good, bind(run, Kind::Semaphore)}};
    s.metrics = {headline("completed"), headline("timed_out"), headline({.id = "peak_in_flight", .label = "peak client in flight", .better = Better::Lower}),
                 metric("failed"), metric("latency_p99_s"), metric("makespan_s"), metric("throughput_per_s"),
                 {.id = "mean_wait_s", .label = "mean wait for a permit", .unit = Unit::Seconds, .better = Better::Lower},
                 {.id = "erlang_c_wait_s", .label = "expected wait, Erlang C (theory)", .unit = Unit::Seconds},
                 {.id = "mean_in_system", .label = "mean requests in the system, L"},
                 {.id = "littles_law_in_system", .label = "λW, Little's law (theory)"}};
    s.chartSignals = {{.id = "in_flight", .label = "client in flight"},
                 withReference(serviceInFlightSignal("service"), "server capacity", "capacity"),
                 withReference(coro::semaphoreInUseSignal("limit", "permits in use"), "permits", "limit"),
                 coro::semaphoreQueuedSignal("limit", "waiting for a permit")};
    s.questions = {{"{requests} requests go out at once to a server that serves {capacity} at a time, each with a {timeout_s} s timeout. Without a limit, how many time out?", "unbounded", "timed_out", 0.25, 5, "All {requests} requests reach a server that serves {capacity} at a time, so they queue there; those still queued when their {timeout_s} s are up give up, while the server goes on with their work."},
                   {"With a semaphore of {limit} permits, how many time out?", "semaphore", "timed_out", 0.25, 2, "The semaphore keeps at most {limit} requests at the server, so none waits there long; the others wait for a permit on the client side, before their timeout starts."}};
    s.narrate = [](const Scenario::Story &st) {
        std::vector<Mark> m;
        const double timeout = st.params.number("timeout_s");
        if (st.number("timed_out") > 0 && timeout > 0)
            m.push_back({timeout, "verdict",
                         saidCount(st.number("timed_out")) + " callers gave up; the server is still working on " +
                             saidCount(gaugeAt(st.recorder, "service.in_flight", timeout + 1e-6)) + " requests"});
        else {
            std::string text = saidCount(st.number("completed")) + " completed, never more than " +
                               saidCount(st.number("peak_in_flight")) + " at the server";
            // The p99 above the timeout is no bug: the timeout starts with the call, after the permit.
            if (timeout > 0 && st.number("latency_p99_s") > timeout)
                text += "; the timeout starts after the permit, so a wait for one (" + said(st.number("mean_wait_s")) +
                        " on average) comes on top";
            m.push_back({st.number("makespan_s"), "verdict", text});
        }
        return m;
    };
    return s;
}

} // namespace scenarios
