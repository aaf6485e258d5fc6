// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 9: CPU-bound work and the event loop.
//
// A batch of CPU-heavy jobs (parsing, embedding post-processing, image resizing...) runs next
// to a heartbeat: a task that wants to run every few milliseconds, standing in for all the
// other requests the loop should keep serving. Four ways to run the jobs:
// - on the loop (a plain call inside a coroutine): the loop is blocked for each job;
// - on a thread pool whose workers share one interpreter lock with the loop's own thread
//   (CPython threads and pure Python work): the jobs run one at a time, and every wake-up of
//   the loop waits its turn at the lock behind them;
// - on a thread pool without that lock (native code that releases the GIL, or C++);
// - on a process pool: parallel, plus the cost of shipping arguments and results.
#include "common.h"

#include "engine/executor.h"
#include "engine/sleep.h"

#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    std::optional<Executor> pool;
    Duration cpu;
    Duration ipc;
    bool onLoop;
    Outstanding outstanding;
    bool finished = false;
};

QCoro::Task<void> job(World &w, Duration cpu)
{
    const Time start = now();
    issue();
    if (w.onLoop) {
        blockLoop(cpu); // a synchronous call: nothing else runs meanwhile
    } else {
        if (w.ipc > Duration{0})
            co_await sleep(w.ipc, WaitKind::Io); // pickling the arguments to the worker process
        co_await w.pool->run(cpu);               // await loop.run_in_executor(pool, work)
        if (w.ipc > Duration{0})
            co_await sleep(w.ipc, WaitKind::Io); // and the result back
    }
    count("completed");
    answer(Answer::Ok, start);
    w.outstanding.done();
}

QCoro::Task<void> heartbeat(World &w, Duration interval)
{
    Recorder &rec = Loop::running().recorder();
    // How late each beat fired, held until the next: a wake-up the GIL delays is late at one
    // instant only, which the loop-lag gauge (the oldest overdue wake-up, now) cannot keep.
    // With the work on the loop the one late beat is the loop-lag chart's whole climb.
    const int late = w.onLoop ? -1 : rec.gauge("heartbeat_late");
    std::uint64_t misses = 0, beats = 0;
    while (!w.finished) {
        const Time due = now() + interval;
        co_await sleep(interval);
        ++beats;
        misses += std::uint64_t((now() - due) / interval); // beats that should have happened meanwhile
        if (late >= 0)
            rec.set(late, now(), toSeconds(now() - due));
    }
    rec.add("heartbeat_misses", double(misses));
    rec.add("heartbeats", double(beats));
}

/// The variants, by what sets them apart.
enum class Kind { OnLoop, ThreadPoolGil, ThreadPool, ProcessPool };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    World &w = ctx.make<World>();
    w.cpu = fromSeconds(p.number("cpu_ms") / 1000.0);
    w.ipc = kind == Kind::ProcessPool ? fromSeconds(p.number("ipc_ms") / 1000.0) : Duration{0};
    w.onLoop = kind == Kind::OnLoop;
    if (!w.onLoop)
        w.pool.emplace(ExecutorConfig{.workers = p.integer("workers"),
                                      .gil = kind == Kind::ThreadPoolGil,
                                      .switchInterval = fromSeconds(p.number("switch_ms") / 1000.0),
                                      .name = "executor"});

    auto beat = spawn("heartbeat", [&w, interval = fromSeconds(p.number("heartbeat_ms") / 1000.0)] {
        return heartbeat(w, interval);
    });
    const auto n = p.integer("jobs");
    const Time start = now();
    const double jitter = p.number("cpu_jitter");
    for (int i = 0; i < n; ++i) {
        // Each job's CPU time varies by up to ±jitter, the same job by the same amount in every variant.
        const double factor = 1 + jitter * (2 * ctx.random.uniform({ServiceStream, std::uint64_t(i), 0}) - 1);
        const Duration cpu = Duration(std::int64_t(double(w.cpu.count()) * factor));
        w.outstanding.add();
        spawn({"job", i}, [&w, cpu] { return job(w, cpu); });
    }
    co_await w.outstanding.wait();
    ctx.extraMetrics.push_back({"jobs_makespan_s", toSeconds(now() - start)});
    w.finished = true;
    co_await beat;
}

} // namespace

Scenario executorScenario()
{
    Scenario s;
    s.id = "executor";
    s.practice = 9;
    s.group = "foundations";
    s.title = "CPU work off the event loop";
    s.summary = "CPU-heavy work called from a coroutine freezes the loop; an executor keeps it "
                "responsive, and only processes (or code that releases the GIL) run in parallel.";
    s.parameters = {
        {"jobs", "CPU jobs", "", NumericRange{1, 10'000, 16, 1}},
        {"cpu_ms", "CPU time per job", "ms", NumericRange{1, 10'000, 50, 1}},
        {"cpu_jitter", "CPU time varies by up to", "±fraction", NumericRange{0, 0.9, 0.2, 0.05}},
        {"workers", "Pool workers", "", NumericRange{1, 64, 4, 1}},
        {"heartbeat_ms", "Heartbeat interval", "ms", NumericRange{1, 1000, 10, 1}},
        {"ipc_ms", "Process pool: transfer each way", "ms", NumericRange{0, 1000, 2, 0.5}},
        {"switch_ms", "GIL: switch interval", "ms", NumericRange{0.1, 100, 5, 0.1}},
    };
    s.worldTasks = {"heartbeat"};
    s.variants = {{"on-loop", "CPU work on the loop", Role::Bad, bind(run, Kind::OnLoop)},
                  {"thread-pool-gil", "Thread pool under a GIL", Role::Neutral, bind(run, Kind::ThreadPoolGil)},
                  {"thread-pool", "Thread pool (work releases the GIL)", Role::Good, bind(run, Kind::ThreadPool)},
                  {"process-pool", "Process pool", Role::Good, bind(run, Kind::ProcessPool)}};
    s.metrics = {headline({.id = "heartbeat_misses", .label = "missed heartbeats", .better = Better::Lower, .absentMeansZero = true}),
                 headline("max_loop_lag_s"), headline("makespan_s"),
                 {.id = "jobs_makespan_s", .label = "jobs done at", .unit = Unit::Seconds, .better = Better::Lower},
                 {.id = "heartbeats", .label = "heartbeats on time"}, metric("completed")};
    s.chartSignals = {coro::loopLagSignal(), withReference(coro::semaphoreInUseSignal("executor", "workers busy"), "workers", "workers"),
                      {.id = "heartbeat_late", .label = "how late each heartbeat fired (on a pool)", .unit = Unit::Seconds}};
    s.questions = {{"{jobs} jobs of about {cpu_ms} ms of CPU each run on the event loop. How many heartbeats (one due every {heartbeat_ms} ms) are missed?", "on-loop", "heartbeat_misses", 0.2, 2, "Each job holds the loop for its {cpu_ms} ms of CPU, one after another, and a heartbeat due meanwhile cannot fire: about {jobs} × {cpu_ms} ms divided by {heartbeat_ms} ms beats are missed, the loop-lag chart's long climb."},
                   {"On {workers} threads that share the GIL, how long do the jobs take, in seconds?", "thread-pool-gil", "jobs_makespan_s", 0.2, 0, "The GIL lets one thread run Python at a time: the {workers} threads take turns, so the jobs take about as long as on the loop, one after another; only processes, or code that releases the GIL, run in parallel."}};
    s.narrate = [](const Scenario::Story &st) {
        const double lag = st.number("max_loop_lag_s");
        if (lag > 0.05)
            return std::vector<Mark>{{whenPeaked(st.recorder, "loop_lag"), "verdict",
                                      "CPU work holds the loop: " + saidCount(st.number("heartbeat_misses")) + " heartbeats missed, " +
                                          said(lag) + " late"}};
        if (const double missed = st.number("heartbeat_misses"); missed > 0)
            return std::vector<Mark>{{st.number("jobs_makespan_s"), "verdict",
                                      "jobs done; the loop waited for the GIL at every wake-up: " + saidCount(missed) +
                                          " heartbeats missed, up to " + said(lag) + " late"}};
        return std::vector<Mark>{{st.number("jobs_makespan_s"), "verdict",
                                  "jobs done; the heartbeat never missed while they ran"}};
    };
    return s;
}

} // namespace scenarios
