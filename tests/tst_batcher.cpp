// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Batcher: flush on size, flush on linger, errors and cancellation.
#include "engine_helpers.h"

#include "engine/resilience/batcher.h"
#include "engine/sleep.h"

using namespace coro;
using namespace coro::test;

namespace {
struct Backend {
    std::vector<std::pair<Time, std::size_t>> batches; // when each flush started, and its size
    bool fail = false;
    QCoro::Task<std::vector<int>> flush(std::vector<int> items)
    {
        batches.push_back({now(), items.size()});
        co_await sleep(10ms, WaitKind::Io);
        if (fail)
            throw std::runtime_error("batch endpoint failed");
        std::vector<int> out;
        for (int v : items)
            out.push_back(v * v);
        co_return out;
    }
};

Batcher<int, int>::Flush flushTo(Backend &b)
{
    return [&b](std::vector<int> items) { return b.flush(std::move(items)); };
}
} // namespace

class TestBatcher : public QObject {
    Q_OBJECT
private slots:
    void flushesWhenABatchIsFull()
    {
        Loop loop;
        Backend backend;
        Batcher<int, int> batcher({.maxSize = 4, .linger = 1s, .name = "b"}, flushTo(backend));
        std::vector<int> results(10, -1);
        for (int i = 0; i < 10; ++i)
            loop.spawn({"item", i}, [&, i]() -> QCoro::Task<void> { results[std::size_t(i)] = co_await batcher.submit(i); });
        loop.runToEnd();
        for (int i = 0; i < 10; ++i)
            QCOMPARE(results[std::size_t(i)], i * i);
        // two full batches at once, the last two after the linger
        QCOMPARE(backend.batches, (std::vector<std::pair<Time, std::size_t>>{{0ms, 4}, {0ms, 4}, {1s, 2}}));
        QCOMPARE(loop.recorder().counterValue("b.batches"), 3.0);
    }

    void flushesWhenTheOldestItemHasLingered()
    {
        Loop loop;
        Backend backend;
        Batcher<int, int> batcher({.maxSize = 100, .linger = 50ms, .name = "b"}, flushTo(backend));
        std::vector<Time> doneAt;
        for (int i = 0; i < 5; ++i)
            loop.spawn({"item", i}, [&, i]() -> QCoro::Task<void> {
                co_await sleep(std::chrono::milliseconds(20 * i)); // at 0, 20, 40, 60, 80 ms
                co_await batcher.submit(i);
                doneAt.push_back(now());
            });
        loop.runToEnd();
        // The first three are flushed 50 ms after the first arrived; the next batch starts at 60.
        QCOMPARE(backend.batches, (std::vector<std::pair<Time, std::size_t>>{{50ms, 3}, {110ms, 2}}));
        QCOMPARE(doneAt, (std::vector<Time>{60ms, 60ms, 60ms, 120ms, 120ms}));
    }

    void aFailedFlushFailsEveryCallerInTheBatch()
    {
        Loop loop;
        Backend backend;
        backend.fail = true;
        Batcher<int, int> batcher({.maxSize = 3, .linger = 1s, .name = "b"}, flushTo(backend));
        int failures = 0;
        for (int i = 0; i < 3; ++i)
            loop.spawn({"item", i}, [&, i]() -> QCoro::Task<void> {
                try {
                    co_await batcher.submit(i);
                } catch (const std::runtime_error &) {
                    ++failures;
                }
            });
        loop.runToEnd();
        QCOMPARE(failures, 3);
    }

    void aCancelledCallerDoesNotDisturbItsBatch()
    {
        Loop loop;
        Backend backend;
        Batcher<int, int> batcher({.maxSize = 3, .linger = 1s, .name = "b"}, flushTo(backend));
        std::vector<int> results;
        std::vector<TaskHandle<void>> callers;
        for (int i = 1; i <= 3; ++i)
            callers.push_back(loop.spawn({"item", i}, [&, i]() -> QCoro::Task<void> { results.push_back(co_await batcher.submit(i)); }));
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(5ms);
            callers[1].cancel();
        });
        loop.runToEnd();
        QCOMPARE(callers[1].status(), TaskStatus::Cancelled);
        QCOMPARE(results, (std::vector<int>{1, 9}));
        QCOMPARE(backend.batches.size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestBatcher)
#include "tst_batcher.moc"
