// What the simulation runs (scenarios/batching.cpp,
// engine/resilience/batcher.h), trimmed. The batcher runs each flush as
// its own task, "flush": when the batch is full or has lingered.
w.batcher.emplace(BatcherConfig{.maxSize = size, .linger = linger},
    [&w](std::vector<std::uint64_t> items)
        -> QCoro::Task<std::vector<int>> {
        co_await w.service.callBatch(w.batchesSent++, items.size());   //@ io@flush
        co_return std::vector<int>(items.size(), 0);
    });

QCoro::Task<void> microBatched(World &w, std::uint64_t i)
{
    co_await w.batcher->submit(i);   // until its batch answers  //@ queued@item
    finishItem(w, i);
}

co_await arriveAll(ctx, w.outstanding, n, [&w](std::uint64_t i) {
    w.arrivedAt[i] = now();
    spawn({"item", i}, [&w, i] { return microBatched(w, i); });
});
co_await w.outstanding.wait();   //@ join@main
