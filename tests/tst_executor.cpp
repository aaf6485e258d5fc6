// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Executor: CPU work off the loop, with and without a shared interpreter lock.
#include "engine_helpers.h"

#include "engine/executor.h"
#include "engine/gather.h"
#include "engine/sleep.h"

using namespace coro;
using namespace coro::test;

namespace {
struct JobsOutcome {
    Time makespan{};
    double maxLag = 0;
    double peakBusy = 0;
    int heartbeatMisses = 0;
};

// n jobs of cost d on an executor, with a 10 ms heartbeat watching the loop meanwhile.
JobsOutcome runJobs(int n, int workers, bool gil, Duration d, bool onTheLoop = false, Duration switchInterval = 5ms)
{
    Loop loop;
    JobsOutcome out;
    Executor executor({.workers = workers, .gil = gil, .switchInterval = switchInterval, .name = "pool"});
    bool finished = false;
    loop.spawn("driver", [&]() -> QCoro::Task<void> {
        std::vector<TaskHandle<void>> jobs;
        for (int i = 0; i < n; ++i)
            jobs.push_back(spawn({"job", i}, [&, onTheLoop]() -> QCoro::Task<void> {
                if (onTheLoop) {
                    blockLoop(d);
                    co_return;
                }
                co_await executor.run(d);
            }));
        co_await gather(std::move(jobs));
        out.makespan = now();
        finished = true;
    });
    loop.spawn("heartbeat", [&]() -> QCoro::Task<void> {
        while (!finished) {
            const Time due = now() + 10ms;
            co_await sleep(10ms);
            if (now() - due > 5ms)
                ++out.heartbeatMisses;
        }
    });
    loop.runToEnd();
    out.maxLag = loop.recorder().findGauge("loop_lag")->max;
    if (const Gauge *busy = loop.recorder().findGauge("pool.in_use"))
        out.peakBusy = busy->max;
    return out;
}
} // namespace

class TestExecutor : public QObject {
    Q_OBJECT
private slots:
    void makespanIsCeilOfJobsOverWorkersTimesCost_data()
    {
        QTest::addColumn<int>("jobs");
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("costMs");
        QTest::newRow("8 on 4") << 8 << 4 << 100;
        QTest::newRow("9 on 4") << 9 << 4 << 100;
        QTest::newRow("1 on 4") << 1 << 4 << 30;
        QTest::newRow("10 on 1") << 10 << 1 << 7;
        QTest::newRow("100 on 7") << 100 << 7 << 13;
    }
    void makespanIsCeilOfJobsOverWorkersTimesCost()
    {
        QFETCH(int, jobs);
        QFETCH(int, workers);
        QFETCH(int, costMs);
        const JobsOutcome o = runJobs(jobs, workers, false, std::chrono::milliseconds(costMs));
        const int rounds = (jobs + workers - 1) / workers;
        QCOMPARE(o.makespan, Time(std::chrono::milliseconds(rounds * costMs)));
        QCOMPARE(o.maxLag, 0.0);
        QCOMPARE(o.peakBusy, double(std::min(jobs, workers)));
    }

    void withTheGilJobsDoNotOverlap_data() { makespanIsCeilOfJobsOverWorkersTimesCost_data(); }
    void withTheGilJobsDoNotOverlap()
    {
        QFETCH(int, jobs);
        QFETCH(int, workers);
        QFETCH(int, costMs);
        const JobsOutcome o = runJobs(jobs, workers, true, std::chrono::milliseconds(costMs));
        QCOMPARE(o.makespan, Time(std::chrono::milliseconds(jobs * costMs))); // whatever the workers
        QCOMPARE(o.peakBusy, double(std::min(jobs, workers)));
    }

    // One CPU-bound thread holds the GIL: each wake-up of the loop waits out exactly one switch
    // interval before the holder is made to let go.
    void withOneBusyThreadEachWakeUpWaitsOneSwitchInterval_data()
    {
        QTest::addColumn<int>("switchUs");
        QTest::newRow("5 ms (CPython's default)") << 5000;
        QTest::newRow("1 ms") << 1000;
        QTest::newRow("0.5 ms") << 500;
    }
    void withOneBusyThreadEachWakeUpWaitsOneSwitchInterval()
    {
        QFETCH(int, switchUs);
        const Duration si = std::chrono::microseconds(switchUs);
        const JobsOutcome o = runJobs(1, 1, true, 200ms, false, si);
        QCOMPARE(o.maxLag, toSeconds(si));
        QCOMPARE(o.makespan, Time(200ms)); // the loop's turns at the lock take no time
    }

    // With every worker busy, the loop's thread queues behind all of them: it waits up to one
    // switch interval per worker, so a 10 ms heartbeat next to 4 threads misses beats.
    void theLoopWaitsItsTurnBehindEveryBusyWorker_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("2 workers") << 2;
        QTest::newRow("4 workers") << 4;
        QTest::newRow("7 workers") << 7;
    }
    void theLoopWaitsItsTurnBehindEveryBusyWorker()
    {
        QFETCH(int, workers);
        const JobsOutcome o = runJobs(3 * workers, workers, true, 100ms);
        QVERIFY2(o.maxLag <= workers * 0.005 + 1e-12, qPrintable(QString::number(o.maxLag)));
        QVERIFY2(o.maxLag > (workers - 1) * 0.005, qPrintable(QString::number(o.maxLag)));
        QVERIFY(o.heartbeatMisses > 0);
        // Without the lock (work that releases it), the same jobs leave the loop on time.
        QCOMPARE(runJobs(3 * workers, workers, false, 100ms).maxLag, 0.0);
    }

    void cpuWorkOnTheLoopStallsTheHeartbeat()
    {
        const JobsOutcome o = runJobs(5, 4, false, 100ms, true);
        QCOMPARE(o.makespan, Time(500ms));
        QVERIFY(o.maxLag >= 0.4);
        QVERIFY(o.heartbeatMisses >= 1);
    }
};

QTEST_GUILESS_MAIN(TestExecutor)
#include "tst_executor.moc"
