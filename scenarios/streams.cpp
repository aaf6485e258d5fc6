// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 8: process a stream as it arrives, with backpressure.
//
// A source yields items one at a time (a paginated API, a message queue, a model streaming
// tokens): each item takes `fetch_ms` to arrive once asked for. Each item then needs
// `process_ms` of I/O. Three consumers:
// - collect everything, then process: nothing comes out until the whole stream is in memory;
// - async iteration (the guide's `async for`): one item at a time, fetched only when the
//   previous one is processed, so memory stays at one item but fetch and process never overlap;
// - a bounded-queue pipeline: a producer fetches ahead into a queue of `queue_size` and
//   `consumers` workers process concurrently; a full queue makes the producer wait
//   (backpressure), so memory stays bounded too.
#include "common.h"

#include "engine/channel.h"
#include "engine/sleep.h"

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    Distribution fetch = Distribution::fixed(0ms);
    Distribution process = Distribution::fixed(0ms);
    KeyedRandom random{1};
    std::uint64_t items = 0;
    std::optional<Time> firstResult;
    int bufferedGauge = -1;
    double buffered = 0;
};

void setBuffered(World &w, double n)
{
    w.buffered = n;
    Loop::running().recorder().set(w.bufferedGauge, now(), n);
}

// Waiting for the stream's next item (what `async for` awaits), as opposed to processing one.
QCoro::Task<void> fetchItem(World &w, std::uint64_t i) { co_await sleep(w.fetch.sample(w.random, {ArrivalStream, i, 0}), WaitKind::Channel); }

QCoro::Task<void> processItem(World &w, std::uint64_t i)
{
    co_await sleep(w.process.sample(w.random, {ServiceStream, i, 0}), WaitKind::Io);
    if (!w.firstResult)
        w.firstResult = now();
    count("completed");
    answer(Answer::Ok, Time{0}); // its result is in hand: so long after the stream began
}

QCoro::Task<void> consumer(World &w, Channel<std::uint64_t> &queue)
{
    while (auto item = co_await queue.receive()) {
        setBuffered(w, double(queue.size()));
        co_await processItem(w, *item);
    }
}

/// The variants, by what sets them apart.
enum class Kind { CollectAll, AsyncFor, Pipeline };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    World &w = ctx.make<World>();
    w.random = ctx.random;
    w.fetch = latencyDistribution(p, fromSeconds(p.number("fetch_ms") / 1000.0));
    w.process = latencyDistribution(p, fromSeconds(p.number("process_ms") / 1000.0));
    w.items = std::uint64_t(p.integer("items"));
    w.bufferedGauge = ctx.loop.recorder().gauge("buffered");
    double peak = 0;
    issue(w.items); // the caller wants every item of the stream processed

    if (kind == Kind::CollectAll) { // items = [item async for item in stream]; then process each
        std::vector<std::uint64_t> all;
        for (std::uint64_t i = 0; i < w.items; ++i) {
            co_await fetchItem(w, i);
            all.push_back(i);
            setBuffered(w, double(all.size()));
        }
        peak = double(all.size());
        for (std::uint64_t i : all) {
            co_await processItem(w, i);
            setBuffered(w, w.buffered - 1);
        }
    } else if (kind == Kind::AsyncFor) { // async for item in stream: await process(item)
        for (std::uint64_t i = 0; i < w.items; ++i) {
            co_await fetchItem(w, i);
            setBuffered(w, 1);
            peak = 1;
            co_await processItem(w, i);
            setBuffered(w, 0);
        }
    } else { // producer -> Channel(queue_size) -> consumers
        auto &queue = ctx.make<Channel<std::uint64_t>>(std::size_t(p.integer("queue_size")));
        std::vector<TaskHandle<void>> workers;
        for (int c = 0; c < p.integer("consumers"); ++c)
            workers.push_back(spawn({"consumer", c}, [&w, &queue] { return consumer(w, queue); }));
        for (std::uint64_t i = 0; i < w.items; ++i) {
            co_await fetchItem(w, i);
            co_await queue.send(i); // waits while the queue is full: backpressure
            setBuffered(w, double(queue.size()));
        }
        queue.close();
        for (auto &worker : workers)
            co_await worker;
        peak = ctx.loop.recorder().findGauge("buffered")->max;
    }
    if (w.firstResult)
        ctx.extraMetrics.push_back({"time_to_first_result_s", toSeconds(*w.firstResult)});
    ctx.extraMetrics.push_back({"peak_buffered", std::max(peak, ctx.loop.recorder().findGauge("buffered")->max)});
}

} // namespace

Scenario streamsScenario()
{
    Scenario s;
    s.id = "streams";
    s.practice = 8;
    s.group = "concurrency control";
    s.title = "Streams, async iteration and backpressure";
    s.summary = "Collecting a whole stream before processing delays the first result and holds "
                "everything in memory; a bounded queue with several consumers keeps both small.";
    s.parameters = {
        {"items", "Items in the stream", "", NumericRange{1, 1'000'000, 100, 1}},
        {"fetch_ms", "Time for the next item to arrive", "ms", NumericRange{0, 10'000, 20, 1}},
        {"process_ms", "Processing time per item", "ms", NumericRange{0, 10'000, 60, 1}},
        latencyKindParameter("exponential"),
        {"queue_size", "Pipeline: queue size", "", NumericRange{1, 100'000, 10, 1}},
        {"consumers", "Pipeline: consumers", "", NumericRange{1, 1000, 4, 1}},
    };
    s.variants = {{"collect-all", "Collect everything, then process", Role::Bad, bind(run, Kind::CollectAll)},
                  {"async-for", "async for (the guide)", Role::Neutral, bind(run, Kind::AsyncFor)},
                  {"pipeline", "Bounded queue with consumers", Role::Good, bind(run, Kind::Pipeline)}};
    s.metrics = {headline({.id = "time_to_first_result_s", .label = "first result at", .unit = Unit::Seconds, .better = Better::Lower}),
                 headline({.id = "peak_buffered", .label = "peak buffered items", .better = Better::Lower}),
                 headline("makespan_s"), metric("completed"), metric("throughput_per_s")};
    s.chartSignals = {withReference({.id = "buffered", .label = "buffered items"}, "queue size", "queue_size")};
    s.questions = {{"{items} items arrive one after another. Collect them all, then process: when does the first result come out, in seconds?", "collect-all", "time_to_first_result_s", 0.25, 0, "Nothing is processed until every one of the {items} items has arrived: the first result comes after the whole stream, the buffered-items line's climb to {items}."},
                   {"Through a bounded queue with {consumers} consumers, how long does the whole stream take, in seconds?", "pipeline", "makespan_s", 0.25, 0, "{consumers} consumers process items while the producer fetches the next: processing overlaps arrival, and the run takes about as long as the stream takes to arrive."}};
    s.narrate = [](const Scenario::Story &st) {
        const double first = st.number("time_to_first_result_s"), buffered = st.number("peak_buffered");
        return std::vector<Mark>{{first, "verdict",
                                  "first result, " + saidCount(buffered) + (buffered == 1 ? " item" : " items") + " buffered at most"}};
    };
    return s;
}

} // namespace scenarios
