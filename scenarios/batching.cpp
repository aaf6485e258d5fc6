// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 10: batch calls to an AI endpoint.
//
// Items (texts to embed, prompts to classify) arrive; the provider has a per-item endpoint
// and a batch endpoint whose latency is a fixed overhead plus a little per item, and bills a
// fee per request plus a price per item. Four clients:
// - one call per item: as many requests, fees and overheads as items;
// - the guide's AIBatchProcessor, as written: waits for the whole list, then sends batches
//   one after another with a fixed pause between them;
// - the same batches sent concurrently;
// - micro-batching (engine/resilience/batcher.h): items are grouped as they arrive and a
//   batch leaves when it is full or its oldest item has waited the linger time.
#include "common.h"

#include "engine/gather.h"
#include "engine/resilience/batcher.h"
#include "engine/sleep.h"
#include "engine/world/service.h"

#include <cstdio>
#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config) : service(random, std::move(config)) {}
    Service service;
    Outstanding outstanding;
    std::vector<Time> arrivedAt;
    std::optional<Batcher<std::uint64_t, int>> batcher;
    std::uint64_t batchesSent = 0;
};

void finishItem(World &w, std::uint64_t i)
{
    count("completed");
    answer(Answer::Ok, w.arrivedAt[i]);
    w.outstanding.done();
}

QCoro::Task<void> sendBatch(World &w, std::vector<std::uint64_t> items)
{
    co_await w.service.callBatch(w.batchesSent++, std::uint32_t(items.size()));
    for (auto i : items)
        finishItem(w, i);
}

QCoro::Task<void> oneCall(World &w, std::uint64_t i)
{
    co_await w.service.call(i);
    finishItem(w, i);
}

QCoro::Task<void> microBatched(World &w, std::uint64_t i)
{
    co_await w.batcher->submit(i);
    finishItem(w, i);
}

/// The variants, by what sets them apart.
enum class Kind { OnePerItem, GuideBatches, ConcurrentBatches, MicroBatching };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("call_ms") / 1000.0));
    config.batchBase = fromSeconds(p.number("batch_base_ms") / 1000.0);
    config.batchPerItem = fromSeconds(p.number("batch_item_ms") / 1000.0);
    config.costPerCall = p.number("fee_per_request");
    config.costPerItem = p.number("price_per_item");
    World &w = ctx.make<World>(ctx.random, config);
    const auto n = std::uint64_t(p.integer("items"));
    const auto size = std::size_t(p.integer("batch_size"));
    w.arrivedAt.resize(n);
    if (kind == Kind::MicroBatching)
        w.batcher.emplace(BatcherConfig{.maxSize = size, .linger = fromSeconds(p.number("linger_ms") / 1000.0), .name = "batcher"},
                          [&w](std::vector<std::uint64_t> items) -> QCoro::Task<std::vector<int>> {
                              co_await w.service.callBatch(w.batchesSent++, std::uint32_t(items.size()));
                              co_return std::vector<int>(items.size(), 0);
                          });

    std::vector<std::uint64_t> collected; // the list the guide's processor is given
    co_await arriveAll(ctx, w.outstanding, n, [&w, kind, &collected](std::uint64_t i) {
        w.arrivedAt[i] = now();
        issue();
        if (kind == Kind::OnePerItem)
            spawn({"item", std::int64_t(i)}, [&w, i] { return oneCall(w, i); });
        else if (kind == Kind::MicroBatching)
            spawn({"item", std::int64_t(i)}, [&w, i] { return microBatched(w, i); });
        else
            collected.push_back(i);
    });
    if (kind == Kind::GuideBatches) { // for i in range(0, len(texts), batch_size): ... await sleep(delay)
        const Duration pause = fromSeconds(p.number("guide_delay_ms") / 1000.0);
        for (std::size_t start = 0; start < collected.size(); start += size) {
            std::vector<std::uint64_t> batch(collected.begin() + std::ptrdiff_t(start),
                                             collected.begin() + std::ptrdiff_t(std::min(start + size, collected.size())));
            co_await sendBatch(w, std::move(batch));
            if (start + size < collected.size())
                co_await sleep(pause);
        }
    } else if (kind == Kind::ConcurrentBatches) {
        for (std::size_t start = 0; start < collected.size(); start += size) {
            std::vector<std::uint64_t> batch(collected.begin() + std::ptrdiff_t(start),
                                             collected.begin() + std::ptrdiff_t(std::min(start + size, collected.size())));
            spawn({"batch", std::int64_t(start / size)}, [&w, batch = std::move(batch)]() mutable { return sendBatch(w, std::move(batch)); });
        }
    }
    co_await w.outstanding.wait();
}

} // namespace

Scenario batchingScenario()
{
    Scenario s;
    s.id = "batching";
    s.practice = 10;
    s.group = "AI-specific";
    s.title = "Batching AI API calls";
    s.summary = "One request per item pays the fee and the overhead every time; batches amortise "
                "them, and micro-batching does it without waiting for the whole list.";
    s.parameters = {
        {"items", "Items", "", NumericRange{1, 100'000, 100, 1}},
        {"batch_size", "Batch size", "", NumericRange{1, 1000, 10, 1}},
        {"linger_ms", "Micro-batch linger", "ms", NumericRange{0, 10'000, 100, 1}},
        {"guide_delay_ms", "Guide: pause between batches", "ms", NumericRange{0, 10'000, 500, 1}},
        {"call_ms", "Single call: mean latency", "ms", NumericRange{1, 10'000, 300, 1}},
        latencyKindParameter(),
        {"batch_base_ms", "Batch call: fixed latency", "ms", NumericRange{0, 10'000, 400, 1}},
        {"batch_item_ms", "Batch call: latency per item", "ms", NumericRange{0, 1000, 10, 0.5}},
        {"fee_per_request", "Fee per request", "$", NumericRange{0, 100, 0.01, 0.001}},
        {"price_per_item", "Price per item", "$", NumericRange{0, 100, 0.001, 0.0001}},
        arrivalParameter("poisson"),
        arrivalRateParameter(50),
    };
    s.variants = {{"one-per-item", "One call per item", Role::Bad, bind(run, Kind::OnePerItem)},
                  {"guide-batches", "The guide's batches, one after another", Role::Neutral, bind(run, Kind::GuideBatches)},
                  {"concurrent-batches", "Batches sent concurrently", Role::Good, bind(run, Kind::ConcurrentBatches)},
                  {"micro-batching", "Micro-batching (size or linger)", Role::Good, bind(run, Kind::MicroBatching)}};
    s.metrics = {headline("cost"), headline("service_calls"), headline("makespan_s"),
                 metric("latency_mean_s"), metric("latency_p99_s"), metric("completed")};
    s.chartSignals = {serviceInFlightSignal("service"), withReference(batcherPendingSignal("batcher"), "batch size", "batch_size")};
    s.questions = {{"{items} items, a fee of ${fee_per_request} per request plus ${price_per_item} per item. What does one call per item cost, in dollars?", "one-per-item", "cost", 0.1, 0, "Every item is a request of its own: {items} fees of ${fee_per_request}, plus ${price_per_item} for each item."},
                   {"Sent in batches of {batch_size}?", "concurrent-batches", "cost", 0.1, 0, "One fee per batch of {batch_size} instead of one per item: the per-item price stays, the fees shrink {batch_size} times."}};
    s.narrate = [](const Scenario::Story &st) {
        char cost[32];
        std::snprintf(cost, sizeof cost, "$%.2f", st.number("cost"));
        return std::vector<Mark>{{st.number("makespan_s"), "verdict",
                                  saidCount(st.number("service_calls")) + " requests for " + saidCount(st.number("completed")) + " items, " +
                                      cost + "; items waited " + said(st.number("latency_mean_s")) + " on average"}};
    };
    return s;
}

} // namespace scenarios
