// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Cancellation on every kind of engine await: the task resumes with Cancelled where it waits,
// every destructor and catch block on the way out runs, and nothing stays parked. (The asan
// run of this suite proves no coroutine frame leaks.)
#include "engine_helpers.h"

#include "engine/channel.h"
#include "engine/event.h"
#include "engine/executor.h"
#include "engine/gather.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/task_group.h"
#include "engine/timeout.h"
#include "engine/resilience/batcher.h"
#include "engine/resilience/concurrency_limiter.h"
#include "engine/resilience/retry.h"
#include "engine/resilience/token_bucket.h"
#include "engine/world/connection_pool.h"
#include "engine/world/service.h"

using namespace coro;
using namespace coro::test;

namespace {

enum class Await { Sleep, Event, Semaphore, ChannelSend, ChannelReceive, Join, Gather, TaskGroup, Executor, ServiceCall, HungService, ExhaustedPool, InsideTimeout, TokenBucket, LimiterQueue, BatcherSubmit, RetryBackoff, GilExecutor };
const char *const awaitNames[] = {"sleep", "event", "semaphore", "channel send", "channel receive", "join", "gather", "task group", "executor", "service call", "hung service", "exhausted pool", "inside timeout", "token bucket", "limiter queue", "batcher submit", "retry backoff", "executor under a GIL"};

QCoro::Task<void> sleepLong() { co_await sleep(std::chrono::hours(1)); }

// Everything a task can wait on, each set up so that the wait lasts until cancelled.
struct Waits {
    Event never;
    Semaphore noPermits{0};
    Channel<int> full{1};
    Channel<int> empty{1};
    Executor busyExecutor{{.workers = 1, .gil = false, .name = "exec"}};
    Executor gilExecutor{{.workers = 1, .gil = true, .name = "gil"}};
    Service slowService{KeyedRandom(1), [] {
                            ServiceConfig c;
                            c.latency = Distribution::fixed(std::chrono::hours(1));
                            return c;
                        }()};
    Service hungService{KeyedRandom(1), [] {
                            ServiceConfig c;
                            c.name = "hung";
                            c.outages = {{Time{0}, std::chrono::hours(1), OutageMode::Hang}};
                            return c;
                        }()};
    ConnectionPool pool{{.name = "pool", .maxOpen = 1, .openLatency = {}}};
    std::optional<Connection> held;
    coro::TokenBucket emptyBucket{{.ratePerSecond = 0.001, .capacity = 1, .name = "bucket"}};
    ConcurrencyLimiter fullLimiter{{.maxConcurrent = 1, .maxQueue = 5, .maxWait = {}, .name = "limiter"}};
    std::optional<Permit> limiterHeld;
    Batcher<int, int> batcher{{.maxSize = 100, .linger = std::chrono::hours(1), .name = "batcher"},
                              [](std::vector<int> v) -> QCoro::Task<std::vector<int>> { co_return v; }};
    TaskHandle<void> endless;
};

QCoro::Task<void> waitOn(Await kind, Waits &w, int &live)
{
    Guard inner(live);
    if (kind == Await::Sleep) {
        co_await sleep(std::chrono::hours(1));
    } else if (kind == Await::Event) {
        co_await w.never.wait();
    } else if (kind == Await::Semaphore) {
        auto permit = co_await w.noPermits.acquire();
    } else if (kind == Await::ChannelSend) {
        co_await w.full.send(2);
    } else if (kind == Await::ChannelReceive) {
        co_await w.empty.receive();
    } else if (kind == Await::Join) {
        co_await w.endless;
    } else if (kind == Await::Gather) {
        std::vector<TaskHandle<void>> tasks(1, w.endless); // (GCC 12 rejects a braced list here)
        co_await gather(std::move(tasks));
    } else if (kind == Await::TaskGroup) {
        TaskGroup group;
        group.spawn("child", [] { return sleepLong(); });
        co_await group.wait();
    } else if (kind == Await::Executor) {
        co_await w.busyExecutor.run(std::chrono::hours(1));
    } else if (kind == Await::GilExecutor) {
        co_await w.gilExecutor.run(std::chrono::hours(1));
    } else if (kind == Await::ServiceCall) {
        co_await w.slowService.call(1);
    } else if (kind == Await::HungService) {
        co_await w.hungService.call(1);
    } else if (kind == Await::ExhaustedPool) {
        auto conn = co_await w.pool.open();
    } else if (kind == Await::InsideTimeout) {
        co_await timeout(std::chrono::hours(2), sleepLong());
    } else if (kind == Await::TokenBucket) {
        co_await w.emptyBucket.acquire();
    } else if (kind == Await::LimiterQueue) {
        auto permit = co_await w.fullLimiter.acquire();
    } else if (kind == Await::BatcherSubmit) {
        co_await w.batcher.submit(1);
    } else if (kind == Await::RetryBackoff) {
        co_await retry(RetryPolicy{.maxAttempts = 3, .base = std::chrono::hours(1)}, KeyedRandom(1), {1, 0, 0},
                       [](int) -> QCoro::Task<void> { throw ServiceError(503); });
    }
}

QCoro::Task<void> guarded(Await kind, Waits &w, int &live, bool &caught)
{
    Guard outer(live);
    try {
        co_await waitOn(kind, w, live);
    } catch (const Cancelled &) {
        caught = true;
        throw;
    }
}

} // namespace

class TestCancellation : public QObject {
    Q_OBJECT
private slots:
    void cancellingWhileSuspendedUnwindsEverything_data()
    {
        QTest::addColumn<int>("kindIndex");
        for (int k = 0; k <= int(Await::GilExecutor); ++k)
            QTest::newRow(awaitNames[k]) << k;
    }
    void cancellingWhileSuspendedUnwindsEverything()
    {
        QFETCH(int, kindIndex);
        const auto kind = Await(kindIndex);
        Loop loop;
        int live = 0;
        bool caught = false;
        Waits w;
        TaskHandle<void> victim;
        loop.spawn("setup", [&]() -> QCoro::Task<void> {
            co_await w.full.send(1);
            co_await w.emptyBucket.acquire(); // now empty for an hour
            w.limiterHeld.emplace(co_await w.fullLimiter.acquire());
            w.held.emplace(co_await w.pool.open());
            w.endless = spawn("endless", [] { return sleepLong(); });
            spawn("hog", [&]() -> QCoro::Task<void> { co_await w.busyExecutor.run(std::chrono::hours(1)); });
            victim = spawn("victim", [&] { return guarded(kind, w, live, caught); });
        });
        loop.runUntil(Time(5ms));
        QCOMPARE(live, 2);
        QCOMPARE(victim.status(), TaskStatus::Waiting);
        QVERIFY(victim.cancel());
        loop.runUntil(Time(6ms));
        QCOMPARE(victim.status(), TaskStatus::Cancelled);
        QVERIFY(caught);
        QCOMPARE(live, 0);
        QCOMPARE(w.noPermits.waiting(), 0u);
        QCOMPARE(w.never.waiting(), 0u);
        QCOMPARE(w.slowService.inFlight() + w.hungService.inFlight(), 0);
        if (kind == Await::Gather || kind == Await::Join)
            QCOMPARE(w.endless.status(), kind == Await::Gather ? TaskStatus::Cancelled : TaskStatus::Waiting);
        QCOMPARE(w.emptyBucket.waiting(), 0u);
        QCOMPARE(w.fullLimiter.waiting(), 0u);
        w.held.reset();
        w.limiterHeld.reset();
        loop.cancelAll();
        QCOMPARE(loop.liveTasks(), 0u);
    }

    void taskCancelledWhileRunningIsCancelledAtItsNextAwait()
    {
        Loop loop;
        bool reachedSecondLine = false;
        auto task = loop.spawn("self", [&]() -> QCoro::Task<void> {
            currentTask().cancel(); // not suspended: the request waits for the next await
            reachedSecondLine = true;
            co_await sleep(1ms);
        });
        loop.runToEnd();
        QVERIFY(reachedSecondLine);
        QCOMPARE(task.status(), TaskStatus::Cancelled);
        QCOMPARE(loop.now(), Time(0));
    }

    // A sleep that ends in the same iteration as a cancel of its task: asyncio's task, woken
    // but not yet run, must cancel, so the await that just ended raises CancelledError. The
    // canceller's timer is armed first and so fires first at 10 ms.
    void aTaskWokenButNotYetRunIsCancelledAtTheAwaitThatEnded()
    {
        Loop loop;
        std::vector<std::string> log;
        TaskHandle<void> sleeper;
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(10ms);
            sleeper.cancel();
            log.push_back("cancel");
        });
        sleeper = loop.spawn("sleeper", [&]() -> QCoro::Task<void> {
            try {
                co_await sleep(10ms);
                log.push_back("slept");
            } catch (const Cancelled &) {
                log.push_back("cancelled at its sleep");
                throw;
            }
        });
        loop.runToEnd();
        QCOMPARE(log, (std::vector<std::string>{"cancel", "cancelled at its sleep"}));
        QCOMPARE(sleeper.status(), TaskStatus::Cancelled);
    }

    // But a permit handed over by the wake is not lost: that task keeps it, and the cancel
    // waits for its next await (asyncio passes the permit on instead; the count is the same).
    void aPermitHandedOverBeforeACancelIsNotLost()
    {
        Loop loop;
        Semaphore sem(1);
        std::vector<std::string> log;
        TaskHandle<void> waiter;
        loop.spawn("holder", [&]() -> QCoro::Task<void> {
            Permit p = co_await sem.acquire();
            co_await sleep(10ms);
        }); // releases at 10 ms: the waiter is handed the permit
        waiter = loop.spawn("waiter", [&]() -> QCoro::Task<void> {
            Permit p = co_await sem.acquire();
            log.push_back("got it");
            co_await sleep(10ms);
            log.push_back("not reached");
        });
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(10ms); // armed after the holder's: runs after the hand-over
            waiter.cancel();
            co_return;
        });
        loop.runToEnd();
        QCOMPARE(log, (std::vector<std::string>{"got it"}));
        QCOMPARE(waiter.status(), TaskStatus::Cancelled);
        QCOMPARE(sem.available(), std::int64_t(1)); // given back as the waiter unwound
    }

    void taskCancelledBeforeItStartsNeverRuns()
    {
        Loop loop;
        bool ran = false;
        auto task = loop.spawn("never", [&]() -> QCoro::Task<void> {
            ran = true;
            co_return;
        });
        task.cancel();
        loop.runToEnd();
        QVERIFY(!ran);
        QCOMPARE(task.status(), TaskStatus::Cancelled);
    }

    void aCaughtCancellationIsConsumed()
    {
        Loop loop;
        Time finishedAt{-1};
        auto task = loop.spawn("stubborn", [&]() -> QCoro::Task<void> {
            try {
                co_await sleep(10ms);
            } catch (const Cancelled &) {
            }
            co_await sleep(10ms); // not cancelled again
            finishedAt = now();
        });
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(3ms);
            task.cancel();
        });
        loop.runToEnd();
        QCOMPARE(task.status(), TaskStatus::Done);
        QCOMPARE(finishedAt, Time(13ms));
    }

    void cancellingAFinishedTaskDoesNothing()
    {
        Loop loop;
        auto task = loop.spawn("quick", []() -> QCoro::Task<int> { co_return 1; });
        loop.runToEnd();
        QVERIFY(!task.cancel());
        QCOMPARE(task.status(), TaskStatus::Done);
    }

    void destroyingTheLoopUnwindsTasksStillWaiting()
    {
        int live = 0;
        {
            Loop loop;
            Event never;
            for (int i = 0; i < 10; ++i)
                loop.spawn({"stuck", i}, [&]() -> QCoro::Task<void> {
                    Guard g(live);
                    co_await never.wait();
                });
            loop.runUntil(Time(1ms));
            QCOMPARE(live, 10);
        }
        QCOMPARE(live, 0);
    }
};

QTEST_GUILESS_MAIN(TestCancellation)
#include "tst_cancellation.moc"
