// What the simulation runs (scenarios/batching.cpp, engine/resilience/batcher.h).
Batcher<std::uint64_t, int> batcher({.maxSize = 10, .linger = 100ms},
    [&](std::vector<std::uint64_t> items) -> QCoro::Task<std::vector<int>> {
        co_await service.callBatch(batchId++, std::uint32_t(items.size()));
        co_return std::vector<int>(items.size());
    });

QCoro::Task<void> item(std::uint64_t i) { co_await batcher.submit(i); }
