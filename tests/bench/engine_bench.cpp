// Engine speed and memory. items_per_second is simulated events (ready-queue turns plus timer
// firings) per second of wall time, with the recorder on, as in real runs.
//
//   build/release/tests/bench/coroscope-bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include "mmc_workload.h"

#include "engine/loop.h"
#include "engine/random.h"
#include "engine/sleep.h"

#include <benchmark/benchmark.h>

#include <malloc.h>
#include <sys/resource.h>

using namespace coro;

namespace {

QCoro::Task<void> sleeper(const KeyedRandom &random, const Distribution &d, std::int64_t task, int sleeps)
{
    for (int k = 0; k < sleeps; ++k)
        co_await sleep(d.sample(random, {1, std::uint64_t(task), std::uint64_t(k)}));
}

// tasks × sleeps, each sleep exponential with a 10 ms mean.
void sleepStorm(benchmark::State &state, RecorderLimits limits)
{
    const auto tasks = state.range(0);
    const auto sleeps = int(state.range(1));
    const KeyedRandom random(1);
    const auto d = Distribution::exponential(std::chrono::milliseconds(10));
    std::uint64_t events = 0;
    for (auto _ : state) {
        Loop loop(limits);
        for (std::int64_t t = 0; t < tasks; ++t)
            loop.spawn({"sleeper", t}, [&, t] { return sleeper(random, d, t, sleeps); });
        loop.runToEnd();
        events += loop.events();
        benchmark::DoNotOptimize(loop.recorder().segments().size());
    }
    state.SetItemsProcessed(std::int64_t(events));
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

// Customers through a semaphore-limited service: an M/M/8 queue at 80% load.
void BM_MMcQueue(benchmark::State &state)
{
    std::uint64_t events = 0;
    double wait = 0;
    for (auto _ : state) {
        const auto r = test::runMmc(8, 6.4, 1.0, std::uint64_t(state.range(0)), 1);
        events += r.events;
        wait = r.meanWaitSeconds;
    }
    state.SetItemsProcessed(std::int64_t(events));
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
