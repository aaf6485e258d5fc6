// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// timeout, gather and TaskGroup: how work is combined, given up on and cleaned up.
#include "engine_helpers.h"

#include "engine/gather.h"
#include "engine/sleep.h"
#include "engine/task_group.h"
#include "engine/timeout.h"

using namespace coro;
using namespace coro::test;

namespace {
QCoro::Task<int> slowValue(int value, Duration d, int *live = nullptr)
{
    std::optional<Guard> guard;
    if (live)
        guard.emplace(*live);
    co_await sleep(d);
    co_return value;
}

QCoro::Task<int> failAfter(Duration d)
{
    co_await sleep(d);
    throw std::runtime_error("failed");
}
} // namespace

class TestComposition : public QObject {
    Q_OBJECT
private slots:
    void timeoutCancelsTheInnerWorkAndThrows()
    {
        Loop loop;
        int live = 0;
        bool timedOut = false;
        Time at{};
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                co_await timeout(50ms, slowValue(1, 200ms, &live));
            } catch (const TimeoutError &) {
                timedOut = true;
                at = now();
            }
        });
        loop.runToEnd();
        QVERIFY(timedOut);
        QCOMPARE(at, Time(50ms));
        QCOMPARE(live, 0);
        QCOMPARE(loop.now(), Time(50ms)); // the inner sleep's timer is gone too
    }

    void timeoutLetsFastWorkThrough_data()
    {
        QTest::addColumn<int>("workMs");
        QTest::addColumn<int>("limitMs");
        QTest::addColumn<bool>("expectTimeout");
        QTest::newRow("well within") << 10 << 50 << false;
        QTest::newRow("just within") << 49 << 50 << false;
        QTest::newRow("just over") << 51 << 50 << true;
        QTest::newRow("zero limit") << 1 << 0 << true;
    }
    void timeoutLetsFastWorkThrough()
    {
        QFETCH(int, workMs);
        QFETCH(int, limitMs);
        QFETCH(bool, expectTimeout);
        Loop loop;
        std::optional<int> value;
        bool timedOut = false;
        Time after{};
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                value = co_await timeout(std::chrono::milliseconds(limitMs), slowValue(5, std::chrono::milliseconds(workMs)));
            } catch (const TimeoutError &) {
                timedOut = true;
            }
            co_await sleep(100ms); // the caller is not cancelled later by a stale deadline
            after = now();
        });
        loop.runToEnd();
        QCOMPARE(timedOut, expectTimeout);
        QCOMPARE(value.has_value(), !expectTimeout);
        QCOMPARE(after, Time(std::chrono::milliseconds(std::min(workMs, limitMs) + 100)));
    }

    void innerTimeoutFiresFirstOuterOneStaysQuiet()
    {
        Loop loop;
        int innerFired = 0, outerFired = 0;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                co_await timeout(100ms, [&]() -> QCoro::Task<void> {
                    try {
                        co_await timeout(10ms, slowValue(1, 50ms));
                    } catch (const TimeoutError &) {
                        ++innerFired;
                    }
                    co_await sleep(20ms);
                }());
            } catch (const TimeoutError &) {
                ++outerFired;
            }
        });
        loop.runToEnd();
        QCOMPARE(innerFired, 1);
        QCOMPARE(outerFired, 0);
        QCOMPARE(loop.now(), Time(30ms));
    }

    void gatherReturnsResultsInOrder()
    {
        Loop loop;
        std::vector<int> values;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            std::vector<TaskHandle<int>> tasks;
            for (int i = 0; i < 4; ++i)
                tasks.push_back(spawn({"item", i}, [i] { return slowValue(i * 10, std::chrono::milliseconds(40 - i * 10)); }));
            values = co_await gather(std::move(tasks));
        });
        loop.runToEnd();
        QCOMPARE(values, (std::vector<int>{0, 10, 20, 30}));
        QCOMPARE(loop.now(), Time(40ms)); // concurrent: the slowest, not the sum
    }

    // As asyncio.gather without return_exceptions: the first failure propagates at once and
    // the other tasks keep running to their end.
    void gatherFailsFastAndLeavesTheOthersRunning()
    {
        Loop loop;
        Time failedAt{};
        std::vector<TaskHandle<int>> tasks;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            tasks.push_back(spawn("slow", [] { return slowValue(1, 100ms); }));
            tasks.push_back(spawn("failing", [] { return failAfter(20ms); }));
            tasks.push_back(spawn("medium", [] { return slowValue(3, 50ms); }));
            try {
                co_await gather(tasks);
            } catch (const std::runtime_error &) {
                failedAt = now();
            }
        });
        loop.runToEnd();
        QCOMPARE(failedAt, Time(20ms));
        QCOMPARE(tasks[0].status(), TaskStatus::Done);
        QCOMPARE(tasks[2].status(), TaskStatus::Done);
        QCOMPARE(loop.now(), Time(100ms));
    }

    void gatherWithReturnExceptionsKeepsEveryOutcome()
    {
        Loop loop;
        std::vector<Outcome<int>> outcomes;
        Time doneAt{};
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            std::vector<TaskHandle<int>> tasks;
            tasks.push_back(spawn("a", [] { return slowValue(1, 30ms); }));
            tasks.push_back(spawn("b", [] { return failAfter(10ms); }));
            tasks.push_back(spawn("c", [] { return slowValue(3, 20ms); }));
            outcomes = co_await gather(std::move(tasks), returnExceptions);
            doneAt = now();
        });
        loop.runToEnd();
        QCOMPARE(doneAt, Time(30ms));
        QCOMPARE(outcomes.size(), std::size_t(3));
        QVERIFY(outcomes[0].ok() && *outcomes[0].value == 1);
        QVERIFY(!outcomes[1].ok() && !outcomes[1].value);
        QVERIFY(outcomes[2].ok() && *outcomes[2].value == 3);
    }

    void gatherOfNothingReturnsAtOnce()
    {
        Loop loop;
        bool done = false;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            auto values = co_await gather(std::vector<TaskHandle<int>>{});
            auto outcomes = co_await gather(std::vector<TaskHandle<int>>{}, returnExceptions);
            done = values.empty() && outcomes.empty();
        });
        loop.runToEnd();
        QVERIFY(done);
    }

    void cancellingGatherCancelsItsTasks()
    {
        Loop loop;
        std::vector<TaskHandle<int>> tasks;
        auto caller = loop.spawn("caller", [&]() -> QCoro::Task<void> {
            for (int i = 0; i < 3; ++i)
                tasks.push_back(spawn({"item", i}, [] { return slowValue(0, 1s); }));
            co_await gather(tasks);
        });
        loop.runUntil(Time(10ms));
        caller.cancel();
        loop.runToEnd();
        QCOMPARE(caller.status(), TaskStatus::Cancelled);
        for (auto &t : tasks)
            QCOMPARE(t.status(), TaskStatus::Cancelled);
        QCOMPARE(loop.now(), Time(10ms));
    }

    void taskGroupFailureCancelsSiblingsAndRethrows()
    {
        Loop loop;
        int live = 0;
        Time failedAt{};
        std::vector<TaskHandle<int>> children;
        loop.spawn("parent", [&]() -> QCoro::Task<void> {
            TaskGroup group;
            children.push_back(group.spawn("slow1", [&] { return slowValue(1, 1s, &live); }));
            children.push_back(group.spawn("failing", [] { return failAfter(25ms); }));
            children.push_back(group.spawn("slow2", [&] { return slowValue(2, 2s, &live); }));
            try {
                co_await group.wait();
            } catch (const std::runtime_error &) {
                failedAt = now();
            }
        });
        loop.runToEnd();
        QCOMPARE(failedAt, Time(25ms));
        QCOMPARE(children[0].status(), TaskStatus::Cancelled);
        QCOMPARE(children[1].status(), TaskStatus::Failed);
        QCOMPARE(children[2].status(), TaskStatus::Cancelled);
        QCOMPARE(live, 0);
        QCOMPARE(loop.now(), Time(25ms));
    }

    void taskGroupWaitsForAllWhenNothingFails()
    {
        Loop loop;
        Time doneAt{};
        loop.spawn("parent", [&]() -> QCoro::Task<void> {
            TaskGroup group;
            for (int i = 1; i <= 3; ++i)
                group.spawn({"child", i}, [i] { return slowValue(i, std::chrono::milliseconds(10 * i)); });
            co_await group.wait();
            doneAt = now();
        });
        loop.runToEnd();
        QCOMPARE(doneAt, Time(30ms));
    }

    void cancellingTheParentCancelsTheGroupAndWaitsForIt()
    {
        Loop loop;
        int live = 0;
        auto parent = loop.spawn("parent", [&]() -> QCoro::Task<void> {
            TaskGroup group;
            group.spawn("child", [&] { return slowValue(1, 1s, &live); });
            // This child needs 5 ms to unwind after it is cancelled.
            group.spawn("slow-to-stop", [&]() -> QCoro::Task<int> {
                Guard g(live);
                try {
                    co_await sleep(1s);
                } catch (const Cancelled &) {
                }
                co_await sleep(5ms);
                co_return 0;
            });
            co_await group.wait();
        });
        loop.runUntil(Time(10ms));
        parent.cancel();
        loop.runToEnd();
        QCOMPARE(parent.status(), TaskStatus::Cancelled);
        QCOMPARE(live, 0);
        QCOMPARE(loop.now(), Time(15ms));
    }
};

QTEST_GUILESS_MAIN(TestComposition)
#include "tst_composition.moc"
