// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Engine speed and memory. items_per_second is simulated events (task starts plus wake-ups)
// per second, with the recorder on, as in real runs; vs_bare is the engine's wall-clock rate
// as a fraction of the bare reference loop's (bare_loop.h), measured in the same process.
// Report figures from each benchmark alone in a fresh process:
//
//   build/release/tests/bench/coroscope-bench --benchmark_filter='^BM_SleepStorm/1000/1000$'
#include "bare_loop.h"
#include "mmc_workload.h"

#include "engine/loop.h"
#include "engine/random.h"
#include "engine/sleep.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <malloc.h>
#include <sys/resource.h>

using namespace coro;

namespace {

QCoro::Task<void> sleeper(const KeyedRandom &random, const Distribution &d, std::int64_t task, int sleeps)
{
    for (int k = 0; k < sleeps; ++k)
        co_await sleep(d.sample(random, {1, std::uint64_t(task), std::uint64_t(k)}));
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// tasks × sleeps, each sleep exponential with a 10 ms mean. After each timed run, untimed,
// the same storm on the bare reference loop (bare_loop.h): "vs_bare" is the engine's speed
// as a fraction of the bare loop's, measured in the same process, turn about.
void sleepStorm(benchmark::State &state, RecorderLimits limits)
{
    const auto tasks = state.range(0);
    const auto sleeps = int(state.range(1));
    const KeyedRandom random(1);
    const auto d = Distribution::exponential(std::chrono::milliseconds(10));
    std::uint64_t events = 0, bareEvents = 0;
    double engineSeconds = 0, bareSeconds = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        {
            Loop loop(limits);
            for (std::int64_t t = 0; t < tasks; ++t)
                loop.spawn({"sleeper", t}, [&, t] { return sleeper(random, d, t, sleeps); });
            loop.runToEnd();
            events += loop.events();
            benchmark::DoNotOptimize(loop.recorder().segments().size());
        }
        engineSeconds += secondsSince(start);
        state.PauseTiming();
        const auto bareStart = std::chrono::steady_clock::now();
        bareEvents += bare::sleepStorm(tasks, sleeps);
        bareSeconds += secondsSince(bareStart);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["bare_Mev_per_s"] = double(bareEvents) / bareSeconds / 1e6;
    state.counters["vs_bare"] = (double(events) / engineSeconds) / (double(bareEvents) / bareSeconds);
    state.counters["same_events"] = events == bareEvents; // 1: both count the same task starts and wake-ups
}
void BM_SleepStorm(benchmark::State &state) { sleepStorm(state, {}); }
BENCHMARK(BM_SleepStorm)->Args({100000, 10})->Args({1000, 1000})->Unit(benchmark::kMillisecond);

// The same with the timeline off (no spans, no segments), to show what recording costs.
void BM_SleepStormNoTimeline(benchmark::State &state)
{
    RecorderLimits limits;
    limits.maxSpans = limits.maxSegments = 0;
    sleepStorm(state, limits);
}
BENCHMARK(BM_SleepStormNoTimeline)->Args({100000, 10})->Unit(benchmark::kMillisecond);

// The bare reference loop alone, for its own figure.
void BM_BareSleepStorm(benchmark::State &state)
{
    std::uint64_t events = 0;
    for (auto _ : state)
        events += bare::sleepStorm(state.range(0), int(state.range(1)));
    state.SetItemsProcessed(std::int64_t(events));
}
BENCHMARK(BM_BareSleepStorm)->Args({100000, 10})->Args({1000, 1000})->Unit(benchmark::kMillisecond);

// Customers through a semaphore-limited service: an M/M/8 queue at 80% load.
void BM_MMcQueue(benchmark::State &state)
{
    std::uint64_t events = 0, bareEvents = 0;
    double wait = 0, bareWait = 0, engineSeconds = 0, bareSeconds = 0;
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const auto r = test::runMmc(8, 6.4, 1.0, std::uint64_t(state.range(0)), 1);
        engineSeconds += secondsSince(start);
        events += r.events;
        wait = r.meanWaitSeconds;
        state.PauseTiming();
        const auto bareStart = std::chrono::steady_clock::now();
        const auto b = bare::mmc(8, 6.4, 1.0, std::uint64_t(state.range(0)));
        bareSeconds += secondsSince(bareStart);
        bareEvents += b.events;
        bareWait = b.meanWaitSeconds;
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(events));
    state.counters["bare_Mev_per_s"] = double(bareEvents) / bareSeconds / 1e6;
    state.counters["vs_bare"] = (double(events) / engineSeconds) / (double(bareEvents) / bareSeconds);
    state.counters["same_events"] = events == bareEvents; // 1: both count the same task starts and wake-ups
    state.counters["bare_mean_wait_s"] = bareWait; // the same world: the same answer
    state.counters["mean_wait_s"] = wait;
}
BENCHMARK(BM_MMcQueue)->Arg(1000000)->Unit(benchmark::kMillisecond);

// Heap bytes in use, counted whole: the arena's (uordblks) and the blocks malloc maps on
// their own (hblkhd: big vectors such as the timer heap, its slots, the recorder's spans).
std::size_t heapInUse()
{
    const auto m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

// Heap bytes per suspended task: n tasks each parked on a long sleep, measured with
// mallinfo2, everything counted (both coroutine frames, the timer entry and slot, the
// recorder's span, and the mmapped vectors that hold them).
void BM_SuspendedTasks(benchmark::State &state)
{
    const auto n = state.range(0);
    double perTask = 0;
    for (auto _ : state) {
        const std::size_t before = heapInUse();
        Loop loop;
        for (std::int64_t t = 0; t < n; ++t)
            loop.spawn({"idle", t}, []() -> QCoro::Task<void> { co_await sleep(std::chrono::hours(1)); });
        loop.runUntil(Time(std::chrono::seconds(1)));
        const std::size_t after = heapInUse();
        perTask = double(after - before) / double(n);
        state.PauseTiming();
        loop.cancelAll();
        state.ResumeTiming();
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    state.counters["bytes_per_task"] = perTask;
    state.counters["peak_rss_MiB"] = double(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(BM_SuspendedTasks)->Arg(1000000)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace

BENCHMARK_MAIN();
