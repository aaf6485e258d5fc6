// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The loop: timer order and ties, ready-queue order, runUntil/step, blockLoop and loop lag.
#include "engine_helpers.h"

#include "engine/sleep.h"

#include <functional>

using namespace coro;
using namespace coro::test;

namespace {
QCoro::Task<void> sleepThenNote(Log &log, std::string name, Duration d)
{
    co_await sleep(d);
    log.note(name);
}
} // namespace

class TestLoop : public QObject {
    Q_OBJECT
private slots:
    void timersFireInDueOrder()
    {
        Loop loop;
        Log log;
        loop.spawn("c", [&] { return sleepThenNote(log, "c", 30ms); });
        loop.spawn("a", [&] { return sleepThenNote(log, "a", 10ms); });
        loop.spawn("b", [&] { return sleepThenNote(log, "b", 20ms); });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("a@10 b@20 c@30"));
        QCOMPARE(loop.now(), Time(30ms));
    }

    void tiesFireInArmingOrder()
    {
        Loop loop;
        Log log;
        for (const char *name : {"first", "second", "third", "fourth"})
            loop.spawn(name, [&, name] { return sleepThenNote(log, name, 10ms); });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("first@10 second@10 third@10 fourth@10"));
    }

    void spawnedTasksStartOnTheNextTurnInSpawnOrder()
    {
        Loop loop;
        Log log;
        loop.spawn("parent", [&]() -> QCoro::Task<void> {
            spawn("child1", [&]() -> QCoro::Task<void> { log.note("child1"); co_return; });
            spawn("child2", [&]() -> QCoro::Task<void> { log.note("child2"); co_return; });
            log.note("parent");
            co_return;
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("parent@0 child1@0 child2@0"));
    }

    // asyncio's iteration (BaseEventLoop._run_once): every timer due at an instant fires
    // before any task it wakes runs, and those tasks all run before anything they start.
    // CPython 3.11 gives A B C child-A child-B child-C for three sleeps due together.
    void tasksWokenAtOneInstantRunBeforeWhatTheyStart()
    {
        Loop loop;
        Log log;
        for (const char *name : {"A", "B", "C"})
            loop.spawn(name, [&, name]() -> QCoro::Task<void> {
                co_await sleep(100ms);
                log.note(name);
                spawn("child", [&, name]() -> QCoro::Task<void> {
                    log.note(std::string("child-") + name);
                    co_return;
                });
            });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("A@100 B@100 C@100 child-A@100 child-B@100 child-C@100"));
    }

    // What is ready when an iteration begins runs first, then the timers due by then, and what
    // those timers wake joins the next iteration behind what the ready entries started. Here a
    // blocked loop lets a sleep fall due while a chain of tasks spawns link after link; CPython
    // 3.11 gives link1 link2 q link3.
    void anOverdueTimerWaitsOneIterationBehindReadyWork()
    {
        Loop loop;
        Log log;
        std::function<void(int)> link = [&](int n) {
            spawn("link", [&, n]() -> QCoro::Task<void> {
                log.note("link" + std::to_string(n));
                if (n < 3)
                    link(n + 1);
                co_return;
            });
        };
        loop.spawn("q", [&] { return sleepThenNote(log, "q", 50ms); });
        loop.spawn("p", [&]() -> QCoro::Task<void> {
            blockLoop(100ms); // time.sleep(0.1): q's timer falls due meanwhile
            link(1);
            co_return;
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("link1@100 link2@100 q@100 link3@100"));
    }

    // A timer withdrawn after its iteration began (it was already moved to the ready queue)
    // does not fire, as asyncio skips a cancelled handle.
    void aTimerDisarmedInItsIterationDoesNotFire()
    {
        Loop loop;
        Log log;
        struct Probe : TimerNode {
            Log *log;
        } probe;
        probe.log = &log;
        probe.onFire = [](TimerNode *node) { static_cast<Probe *>(node)->log->note("fired"); };
        loop.spawn("arm", [&]() -> QCoro::Task<void> {
            Loop::running().arm(probe, Time(50ms));
            co_return;
        });
        loop.spawn("p", [&]() -> QCoro::Task<void> {
            blockLoop(100ms); // the probe falls due
            spawn("disarm", [&]() -> QCoro::Task<void> { // ready when the next iteration begins
                Loop::running().disarm(probe);
                log.note("disarmed");
                co_return;
            });
            co_return;
        });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("disarmed@100"));
        QVERIFY(loop.idle());
    }

    void sleepZeroYieldsToReadyTasks()
    {
        Loop loop;
        Log log;
        loop.spawn("a", [&]() -> QCoro::Task<void> {
            log.note("a1");
            co_await sleep(0ms);
            log.note("a2");
        });
        loop.spawn("b", [&]() -> QCoro::Task<void> { log.note("b"); co_return; });
        loop.runToEnd();
        QCOMPARE(log.joined(), QStringLiteral("a1@0 b@0 a2@0"));
    }

    void runUntilStopsAtTheGivenTime()
    {
        Loop loop;
        Log log;
        loop.spawn("a", [&] { return sleepThenNote(log, "a", 10ms); });
        loop.spawn("b", [&] { return sleepThenNote(log, "b", 50ms); });
        loop.runUntil(Time(25ms));
        QCOMPARE(log.joined(), QStringLiteral("a@10"));
        QCOMPARE(loop.now(), Time(25ms));
        loop.runUntil(Time(50ms)); // due exactly at the limit: runs
        QCOMPARE(log.joined(), QStringLiteral("a@10 b@50"));
    }

    void stepRunsOneTurnAtATime()
    {
        Loop loop;
        Log log;
        loop.spawn("a", [&] { return sleepThenNote(log, "a", 10ms); });
        QVERIFY(loop.step()); // starts a, which arms its timer
        QVERIFY(log.entries.empty());
        QVERIFY(loop.step()); // the clock moves to 10 ms, the timer fires and a, alone, runs
        QCOMPARE(log.joined(), QStringLiteral("a@10"));
        QVERIFY(!loop.step());
        QCOMPARE(loop.events(), 2u); // a started, a woken
    }

    void resultsAndExceptionsReachTheHandle()
    {
        Loop loop;
        auto ok = loop.spawn("ok", []() -> QCoro::Task<int> {
            co_await sleep(5ms);
            co_return 42;
        });
        auto bad = loop.spawn("bad", []() -> QCoro::Task<int> {
            co_await sleep(5ms);
            throw std::runtime_error("boom");
        });
        QCOMPARE(ok.status(), TaskStatus::Scheduled);
        loop.runUntil(Time(1ms));
        QCOMPARE(ok.status(), TaskStatus::Waiting);
        QCOMPARE(ok.state().waitingOn(), WaitKind::Sleep);
        loop.runToEnd();
        QCOMPARE(ok.status(), TaskStatus::Done);
        QCOMPARE(ok.result(), 42);
        QCOMPARE(bad.status(), TaskStatus::Failed);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, bad.result());
    }

    void awaitingATaskGivesItsResult()
    {
        Loop loop;
        int seen = 0;
        Time seenAt{};
        loop.spawn("outer", [&]() -> QCoro::Task<void> {
            auto inner = spawn("inner", []() -> QCoro::Task<int> {
                co_await sleep(7ms);
                co_return 7;
            });
            seen = co_await inner;
            seenAt = now();
        });
        loop.runToEnd();
        QCOMPARE(seen, 7);
        QCOMPARE(seenAt, Time(7ms));
    }

    // A heartbeat every 10 ms; at 10 ms another task blocks the loop for 30 ms. The heartbeat
    // due at 10 ms runs at 40 ms: late by exactly the blocked time.
    void blockLoopMakesTheHeartbeatLateByTheBlockedTime_data()
    {
        QTest::addColumn<int>("blockMs");
        QTest::newRow("30 ms") << 30;
        QTest::newRow("5 ms") << 5;
        QTest::newRow("250 ms") << 250;
    }
    void blockLoopMakesTheHeartbeatLateByTheBlockedTime()
    {
        QFETCH(int, blockMs);
        Loop loop;
        std::vector<Duration> lateness;
        loop.spawn("blocker", [&]() -> QCoro::Task<void> {
            co_await sleep(10ms); // armed before the heartbeat's: fires first at 10 ms
            blockLoop(std::chrono::milliseconds(blockMs));
        });
        loop.spawn("heartbeat", [&]() -> QCoro::Task<void> {
            Time due = now() + 10ms;
            for (int beat = 0; beat < 3; ++beat) {
                co_await sleep(due - now());
                lateness.push_back(now() - due);
                due += 10ms;
            }
        });
        loop.runToEnd();
        QCOMPARE(lateness.front(), Duration(std::chrono::milliseconds(blockMs)));
        const Gauge *lag = loop.recorder().findGauge("loop_lag");
        QVERIFY(lag);
        QCOMPARE(lag->max, toSeconds(std::chrono::milliseconds(blockMs)));
    }

    // Lag at time t is t minus the due time of the oldest overdue wake-up: it ramps up while
    // the loop is blocked, not only when the late timer finally fires.
    void loopLagRampsWhileTheLoopIsBlocked()
    {
        Loop loop;
        loop.spawn("blocker", []() -> QCoro::Task<void> {
            co_await sleep(10ms);
            blockLoop(200ms); // from 10 ms to 210 ms
        });
        loop.spawn("heartbeat", []() -> QCoro::Task<void> { co_await sleep(20ms); }); // due at 20 ms
        loop.runToEnd();
        const Gauge *lag = loop.recorder().findGauge("loop_lag");
        QVERIFY(lag);
        auto valueAt = [&](Time t) {
            double v = 0;
            for (const GaugePoint &p : lag->points)
                if (p.time <= t)
                    v = p.value;
            return v;
        };
        QCOMPARE(valueAt(Time(15ms)), 0.0); // the heartbeat is not due yet
        const double halfway = valueAt(Time(110ms));
        QVERIFY2(halfway > 0.07 && halfway <= 0.09, qPrintable(QString::number(halfway))); // about 110 - 20 ms
        QCOMPARE(lag->max, 0.19); // 210 - 20 ms, when the heartbeat finally runs
        QCOMPARE(valueAt(Time(300ms)), 0.0); // and the loop is on time again
    }

    void blockLoopIsRecordedOnTheTimeline()
    {
        Loop loop;
        loop.spawn("cpu", []() -> QCoro::Task<void> {
            blockLoop(20ms);
            co_return;
        });
        loop.runToEnd();
        QCOMPARE(loop.now(), Time(20ms));
        const auto &segs = loop.recorder().segments();
        QCOMPARE(segs.size(), std::size_t(1));
        QCOMPARE(segs[0].kind, WaitKind::BlockedLoop);
        QCOMPARE(segs[0].end - segs[0].start, Duration(20ms));
    }
};

QTEST_GUILESS_MAIN(TestLoop)
#include "tst_loop.moc"
