// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 3: release resources on every path, with a context manager.
//
// Jobs borrow a connection from a pool of limited size, run a query that sometimes fails,
// and give the connection back; each job has a deadline, so some are cancelled while they
// wait or query. Two ways to give the connection back:
// - by hand (open, query, close): an exception or a cancellation skips the close, the
//   connection leaks, and once the pool has leaked its last connection every later job waits
//   for one until its deadline;
// - with a context manager (async with / RAII): the connection is closed however the job ends.
#include "common.h"

#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/connection_pool.h"
#include "engine/world/service.h"

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config, ConnectionPoolConfig poolConfig)
        : database(random, std::move(config)), pool(std::move(poolConfig))
    {
    }
    Service database;
    ConnectionPool pool;
    Outstanding outstanding;
};

QCoro::Task<void> manualJob(World &w, std::uint64_t i)
{
    Connection opened = co_await w.pool.open(); // conn = await pool.open()
    const std::uint64_t id = opened.detach();   // from here on, only our close() gives it back
    co_await w.database.call(i);                // await conn.query(...)
    w.pool.close(id);                           // await conn.close(): skipped on error
}

QCoro::Task<void> managedJob(World &w, std::uint64_t i)
{
    Connection conn = co_await w.pool.open(); // async with pool.connection() as conn:
    co_await w.database.call(i);
} // closed here on every path: return, exception, cancellation

QCoro::Task<void> job(World &w, bool managed, std::uint64_t i, Duration deadline)
{
    const Time start = now();
    issue();
    try {
        // (if/else, not ?: : GCC 12 evaluates both coroutine calls of a conditional expression
        // inside a coroutine)
        if (managed)
            co_await timeout(deadline, managedJob(w, i));
        else
            co_await timeout(deadline, manualJob(w, i));
        count("completed");
        answer(Answer::Ok, start);
    } catch (const TimeoutError &) {
        settle("timed_out", TaskOutcome::TimedOut);
        answer(Answer::TimedOut, start);
    } catch (const ServiceError &) {
        settle("failed", TaskOutcome::Failed);
        answer(Answer::Failed, start);
    }
    w.outstanding.done();
}

/// The variants, by what sets them apart.
enum class Kind { Manual, ContextManager };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.name = "service";
    config.latency = latencyDistribution(p, fromSeconds(p.number("query_ms") / 1000.0));
    config.failureProbability = p.number("failure_rate");
    World &w = ctx.make<World>(ctx.random, config,
                               ConnectionPoolConfig{.name = "pool", .maxOpen = p.integer("pool_size"),
                                                    .openLatency = fromSeconds(p.number("connect_ms") / 1000.0)});
    const bool managed = kind == Kind::ContextManager;
    const Duration deadline = fromSeconds(p.number("deadline_s"));
    co_await arriveAll(ctx, w.outstanding, std::uint64_t(p.integer("jobs")), [&w, managed, deadline](std::uint64_t i) {
        spawn({"job", std::int64_t(i)}, [&w, managed, i, deadline] { return job(w, managed, i, deadline); });
    });
    co_await w.outstanding.wait();
    ctx.extraMetrics.push_back({"leaked_connections", double(w.pool.leaked())});
    ctx.extraMetrics.push_back({"peak_open_connections", double(w.pool.peakOpen())});
    ctx.extraMetrics.push_back({"pool_exhausted_waits", double(w.pool.exhaustedWaits())});
}

} // namespace

Scenario resourceCleanupScenario()
{
    Scenario s;
    s.id = "resource-cleanup";
    s.practice = 3;
    s.group = "foundations";
    s.title = "Resource cleanup with context managers";
    s.summary = "A connection closed by hand leaks whenever the query fails or the task is cancelled; "
                "a context manager closes it on every path, and the pool never runs dry.";
    s.parameters = {
        {"jobs", "Jobs", "", NumericRange{1, 100'000, 300, 1}},
        {"pool_size", "Pool size", "", NumericRange{1, 1000, 10, 1}},
        {"failure_rate", "Query failure probability", "", NumericRange{0, 1, 0.05, 0.01}},
        {"query_ms", "Mean query time", "ms", NumericRange{1, 10'000, 80, 1}},
        latencyKindParameter(),
        {"connect_ms", "Connect time", "ms", NumericRange{0, 10'000, 20, 1}},
        {"deadline_s", "Deadline per job", "s", NumericRange{0.01, 600, 0.5, 0.01}},
        arrivalParameter("poisson"),
        arrivalRateParameter(40),
    };
    s.variants = {{"manual", "open() ... close() by hand", Role::Bad, bind(run, Kind::Manual)},
                  {"context-manager", "async with (RAII)", Role::Good, bind(run, Kind::ContextManager)}};
    s.metrics = {headline({.id = "leaked_connections", .label = "leaked connections", .better = Better::Lower}),
                 headline("completed"), headline("timed_out"), metric("failed"),
                 {.id = "pool_exhausted_waits", .label = "waits on an exhausted pool", .better = Better::Lower},
                 {.id = "peak_open_connections", .label = "peak open connections"},
                 metric("latency_p99_s"), metric("makespan_s")};
    s.chartSignals = {withReference(openConnectionsSignal("pool"), "pool size", "pool_size"), serviceInFlightSignal("service")};
    s.questions = {{"Jobs open and close connections by hand, and an error skips the close. Of the {pool_size} pooled connections, how many have leaked by the end?", "manual", "leaked_connections", 0.1, 1, "Every failed query skips the close by hand and loses its connection for good: the open-connections line only climbs, up to the {pool_size} the pool has, and never comes down."},
                   {"By hand, how many of the {jobs} jobs time out waiting for a connection?", "manual", "timed_out", 0.25, 5, "Once the last connection has leaked the pool is dry: every job after that waits for a connection that never comes back, until its deadline."}};
    s.narrate = [](const Scenario::Story &st) {
        const double leaked = st.number("leaked_connections");
        return std::vector<Mark>{{st.number("makespan_s"), "verdict",
                                  leaked > 0 ? saidCount(leaked) + " connections never closed; " + saidCount(st.number("timed_out")) +
                                                   " jobs timed out waiting for one"
                                             : "every connection closed, even after a failure or a timeout"}};
    };
    return s;
}

} // namespace scenarios
