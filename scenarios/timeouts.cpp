// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 5: put a timeout on every external call.
//
// Requests arrive as a Poisson stream at a service with a heavy-tailed latency that, for a
// while, stops answering at all (a hanging outage). Three callers:
// - no timeout: a request sent into the outage waits for ever (here: until the horizon);
// - timeout(T) as the guide writes it: the wait ends, and the caller gets None: the timeout
//   is handled by swallowing it, so the caller has nothing to show;
// - timeout(T) with a fallback: the caller answers from a fallback (a cached or default
//   value) and says so.
#include "common.h"

#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <algorithm>
#include <map>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config, Duration timeout, bool withFallback, bool withTimeout, int gauge)
        : service(random, std::move(config)), limit(timeout), fallback(withFallback), useTimeout(withTimeout),
          inFlightGauge(gauge)
    {
    }
    Service service;
    Duration limit;
    bool fallback;
    bool useTimeout;
    Outstanding outstanding;
    int inFlightGauge;
    std::map<std::uint64_t, Time> waiting; // arrival time of each request still waiting
    Duration longestAnswered{0};
};

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    Recorder &rec = Loop::running().recorder();
    const Time start = now();
    w.waiting.emplace(i, start);
    issue();
    rec.adjust(w.inFlightGauge, now(), +1);
    if (!w.useTimeout) {
        co_await w.service.call(i); // may never return
        count("completed");
        answer(Answer::Ok, start);
    } else {
        try {
            co_await timeout(w.limit, w.service.call(i));
            count("completed");
            answer(Answer::Ok, start);
        } catch (const TimeoutError &) {
            settle("timed_out", TaskOutcome::TimedOut);
            count(w.fallback ? "fallback_used" : "empty_results"); // return None, or a fallback
            answer(w.fallback ? Answer::Fallback : Answer::TimedOut, start);
        }
    }
    rec.adjust(w.inFlightGauge, now(), -1);
    w.longestAnswered = std::max(w.longestAnswered, now() - start);
    w.waiting.erase(i);
    w.outstanding.done();
}

/// The variants, by what sets them apart.
enum class Kind { NoTimeout, Timeout, TimeoutFallback };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.latency = Distribution::logNormal(fromSeconds(p.number("latency_ms") / 1000.0),
                                             fromSeconds(p.number("latency_p99_ms") / 1000.0));
    const Time hangStart = fromSeconds(p.number("hang_start_s"));
    config.outages = {{hangStart, hangStart + fromSeconds(p.number("hang_s")), OutageMode::Hang}};
    World &w = ctx.make<World>(ctx.random, config, fromSeconds(p.number("timeout_s")),
                               kind == Kind::TimeoutFallback, kind != Kind::NoTimeout,
                               ctx.loop.recorder().gauge("in_flight"));

    co_await arriveAll(ctx, w.outstanding, std::uint64_t(p.integer("requests")), [&w](std::uint64_t i) {
        spawn({"request", std::int64_t(i)}, [&w, i] { return request(w, i); });
    });
    const Duration untilHorizon = std::max(Duration{0}, fromSeconds(p.number("horizon_s")) - now());
    try {
        co_await timeout(untilHorizon, [&]() -> QCoro::Task<void> { co_await w.outstanding.wait(); }());
    } catch (const TimeoutError &) {
        // Still waiting when we stop watching: unfinished, no answer yet.
    }
    double stillWaiting = 0; // the time the unanswered requests have spent in the system so far
    double longest = 0;      // and the longest wait, answered or not (a hung one's: so far)
    for (const auto &[item, arrived] : w.waiting) {
        stillWaiting += toSeconds(now() - arrived);
        longest = std::max(longest, toSeconds(now() - arrived));
    }
    reportLittlesLaw(ctx, {"in_flight"}, stillWaiting);
    longest = std::max(longest, toSeconds(w.longestAnswered));
    ctx.extraMetrics.push_back({"longest_wait_s", longest});
    ctx.extraMetrics.push_back({"hung", double(w.waiting.size())});
    const Recorder &rec = ctx.loop.recorder();
    ctx.extraMetrics.push_back({"served", rec.counterValue("completed") + rec.counterValue("fallback_used")});
}

} // namespace

Scenario timeoutsScenario()
{
    Scenario s;
    s.id = "timeouts";
    s.practice = 5;
    s.group = "resilience";
    s.title = "Timeouts on every external call";
    s.summary = "Without a timeout, a hanging dependency keeps requests (and their memory, "
                "sockets and users) waiting for ever; a timeout ends the wait, a fallback answers anyway.";
    s.parameters = {
        {"requests", "Requests", "", NumericRange{1, 100'000, 200, 1}},
        {"timeout_s", "Timeout", "s", NumericRange{0.01, 60, 1, 0.01}},
        {"latency_ms", "Mean response time", "ms", NumericRange{1, 10'000, 150, 1}},
        {"latency_p99_ms", "99th percentile response time", "ms", NumericRange{1, 60'000, 900, 1}},
        {"hang_start_s", "Service hangs from", "s", NumericRange{0, 600, 3, 0.1}},
        {"hang_s", "Hang lasts", "s", NumericRange{0, 600, 2, 0.1}},
        {"horizon_s", "Watch for", "s", NumericRange{1, 3600, 30, 1}},
        arrivalParameter("poisson"),
        arrivalRateParameter(20),
    };
    s.check = [](const Params &p) { return checkTail(p, "latency_ms", "latency_p99_ms", false); };
    s.variants = {{"no-timeout", "No timeout", Role::Bad, bind(run, Kind::NoTimeout)},
                  {"timeout", "timeout(T), returning None (the guide)", Role::Good, bind(run, Kind::Timeout)},
                  {"timeout-fallback", "timeout(T) with a fallback answer", Role::Good, bind(run, Kind::TimeoutFallback)}};
    // No makespan among the headlines: without a timeout the run lasts as long as we watch. The
    // longest wait counts a hung request's wait so far, at the end of the watch.
    s.metrics = {headline({.id = "hung", .label = "requests still hung", .better = Better::Lower}),
                 headline({.id = "longest_wait_s", .label = "longest wait", .unit = Unit::Seconds, .better = Better::Lower}),
                 metric("completed"), metric("timed_out"), metric("latency_p99_s"), metric("answer_time_p99_s"), metric("makespan_s"),
                 {.id = "served", .label = "answered (with a fallback too)", .better = Better::Higher},
                 {.id = "empty_results", .label = "empty results (None)", .better = Better::Lower},
                 {.id = "fallback_used", .label = "fallbacks served"},
                 {.id = "mean_in_system", .label = "mean requests in the system, L"},
                 {.id = "littles_law_in_system", .label = "λW, Little's law (theory)"}};
    s.chartSignals = {{.id = "in_flight", .label = "client in flight"}, serviceInFlightSignal("service")};
    s.bands = {{.label = "service hangs", .startParameter = "hang_start_s", .lengthParameter = "hang_s"}};
    s.questions = {{"The service hangs for {hang_s} s. Without a timeout, how many of the {requests} requests are still waiting at the end of the run?", "no-timeout", "hung", 0.25, 3, "Every request that reached the service while it hung waits for an answer that never comes: the in-flight line climbs during the hang and never comes down."},
                   {"With a {timeout_s} s timeout, what is the longest any request waits, in seconds?", "timeout", "longest_wait_s", 0.1, 0, "The timeout ends every wait at {timeout_s} s, answered or not: no timeline bar is longer."}};
    s.narrate = [](const Scenario::Story &st) {
        const double hung = st.number("hung"), timedOut = st.number("timed_out");
        std::string text = hung > 0 ? saidCount(hung) + " requests still waiting on the hung service"
                                    : saidCount(timedOut) + " waits ended by the timeout";
        if (hung == 0 && timedOut > 0) // what the callers got back: the two timeout variants differ only there
            text += st.number("fallback_used") > 0 ? ", each answered from the fallback"
                                                   : ": " + saidCount(st.number("empty_results")) + " callers got None";
        else if (hung == 0)
            text += "; nothing left hanging";
        return std::vector<Mark>{{st.number("makespan_s"), "verdict", text}};
    };
    return s;
}

} // namespace scenarios
