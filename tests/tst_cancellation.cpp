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
#include "engine/world/connection_pool.h"
#include "engine/world/service.h"

using namespace coro;
using namespace coro::test;

namespace {

enum class Await { Sleep, Event, Semaphore, ChannelSend, ChannelReceive, Join, Gather, TaskGroup, Executor, ServiceCall, HungService, ExhaustedPool, InsideTimeout };
const char *const awaitNames[] = {"sleep", "event", "semaphore", "channel send", "channel receive", "join", "gather", "task group", "executor", "service call", "hung service", "exhausted pool", "inside timeout"};

QCoro::Task<void> sleepLong() { co_await sleep(std::chrono::hours(1)); }

// Everything a task can wait on, each set up so that the wait lasts until cancelled.
struct Waits {
    Event never;
    Semaphore noPermits{0};
    Channel<int> full{1};
    Channel<int> empty{1};
    Executor busyExecutor{{.workers = 1, .gil = false, .name = "exec"}};
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
    } else if (kind == Await::ServiceCall) {
        co_await w.slowService.call(1);
    } else if (kind == Await::HungService) {
        co_await w.hungService.call(1);
    } else if (kind == Await::ExhaustedPool) {
        auto conn = co_await w.pool.open();
    } else if (kind == Await::InsideTimeout) {
        co_await timeout(std::chrono::hours(2), sleepLong());
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
        for (int k = 0; k <= int(Await::InsideTimeout); ++k)
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
        w.held.reset();
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
