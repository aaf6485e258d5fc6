// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 1: async all the way down.
//
// A server handles N requests at once; each needs a user record and the user's orders, two
// independent calls to a backend. Three handlers, as the guide contrasts them:
// - a blocking client inside the coroutine (requests.get): the call holds the loop, so every
//   request, timer and heartbeat waits for it;
// - async calls awaited one after the other: the loop is free, but each request takes two
//   round trips;
// - async calls gathered: both fetches at once, one round trip per request.
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
    Outstanding outstanding;
};

QCoro::Task<void> fetch(World &w, std::uint64_t key)
{
    co_await w.service.call(key);
}

/// The variants, by what sets them apart.
enum class Kind { Blocking, Sequential, Gather };

QCoro::Task<void> handle(World &w, Kind kind, std::uint64_t user, Duration blockingCall)
{
    const Time start = now();
    issue();
    const std::uint64_t userKey = 2 * user, ordersKey = 2 * user + 1; // the same draws in every variant
    if (kind == Kind::Blocking) {
        blockLoop(blockingCall);         // user = requests.get(...): the loop waits with us
        Loop::running().recorder().add("service.calls"); // the same backend, called the blocking way
        co_await fetch(w, ordersKey);    // orders = await fetch_orders_async(...)
    } else if (kind == Kind::Sequential) {
        co_await fetch(w, userKey);
        co_await fetch(w, ordersKey);
    } else {
        std::vector<TaskHandle<void>> both;
        both.push_back(spawn({"fetch_user", std::int64_t(user)}, [&w, userKey] { return fetch(w, userKey); }));
        both.push_back(spawn({"fetch_orders", std::int64_t(user)}, [&w, ordersKey] { return fetch(w, ordersKey); }));
        co_await gather(std::move(both));
    }
    count("completed");
    answer(Answer::Ok, start);
    w.outstanding.done();
}

QCoro::Task<void> heartbeat(const bool &finished, Duration interval)
{
    while (!finished)
        co_await sleep(interval); // its lateness is the loop lag the recorder charts
}

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    const Duration latency = fromSeconds(p.number("latency_ms") / 1000.0);
    ServiceConfig config;
    config.latency = latencyDistribution(p, latency);
    World &w = ctx.make<World>(ctx.random, config);
    bool &finished = ctx.make<bool>(false);
    auto beat = spawn("heartbeat", [&finished] { return heartbeat(finished, 10ms); });
    const auto n = p.integer("requests");
    for (int u = 0; u < n; ++u) {
        w.outstanding.add();
        // The blocking call takes as long as the async one would: same backend, same draw.
        const Duration blocking = config.latency.sample(ctx.random, {ServiceStream, std::uint64_t(2 * u), 0});
        spawn({"request", u}, [&w, kind, u, blocking] { return handle(w, kind, std::uint64_t(u), blocking); });
    }
    co_await w.outstanding.wait();
    finished = true;
    beat.cancel(); // as one stops a heartbeat task: the run ends with the work, not at its next beat
}

} // namespace

Scenario asyncAllTheWayScenario()
{
    Scenario s;
    s.id = "async-all-the-way";
    s.practice = 1;
    s.group = "foundations";
    s.title = "Async all the way";
    s.summary = "One blocking call inside a coroutine freezes the whole event loop; awaiting "
                "independent calls one by one wastes round trips; gather overlaps them.";
    s.parameters = {
        {"requests", "Concurrent requests", "", NumericRange{1, 10'000, 20, 1}},
        {"latency_ms", "Backend latency", "ms", NumericRange{1, 10'000, 100, 1}},
        latencyKindParameter(),
    };
    s.worldTasks = {"heartbeat"};
    s.variants = {{"blocking", "Blocking call inside a coroutine", Role::Bad, bind(run, Kind::Blocking)},
                  {"sequential", "Async calls awaited one after another", Role::Neutral, bind(run, Kind::Sequential)},
                  {"gather", "Async calls gathered", Role::Good, bind(run, Kind::Gather)}};
    s.metrics = {headline("max_loop_lag_s"), headline("makespan_s"), metric("completed"), metric("service_calls"),
                 metric("latency_p99_s"), metric("throughput_per_s")};
    s.chartSignals = {coro::loopLagSignal(), serviceInFlightSignal("service")};
    s.questions = {{"One handler makes a blocking call of about {latency_ms} ms. With {requests} requests, how long is the event loop frozen at worst, in seconds?", "blocking", "max_loop_lag_s", 0.3, 0, "Each blocking call holds the loop for its whole {latency_ms} ms or so, and the {requests} calls run one after another: a timer due when the first began waits for all of them, so the loop-lag chart climbs to about their sum."},
                   {"With gather, how long do all {requests} requests take, in seconds?", "gather", "makespan_s", 0.3, 0, "Every request's two calls run at once, and the requests overlap too: the whole run takes about as long as the slowest single call (the latency's long tail), not {requests} round trips one after another."}};
    s.narrate = [](const Scenario::Story &st) {
        std::vector<Mark> m;
        const double lag = st.number("max_loop_lag_s");
        if (lag > 0.05)
            m.push_back({whenPeaked(st.recorder, "loop_lag"), "verdict",
                         "the loop is blocked: by now the 10 ms heartbeat is " + said(lag) + " late"});
        else
            m.push_back({st.number("makespan_s"), "verdict",
                         saidCount(st.number("completed")) + " requests done by " + said(st.number("makespan_s")) +
                             (st.number("peak_in_flight") > st.number("completed") ? ", their calls overlapping" : ", one call after the other")});
        return m;
    };
    return s;
}

} // namespace scenarios
