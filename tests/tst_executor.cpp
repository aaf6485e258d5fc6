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
JobsOutcome runJobs(int n, int workers, bool gil, Duration d, bool onTheLoop = false)
{
    Loop loop;
    JobsOutcome out;
    Executor executor({.workers = workers, .gil = gil, .name = "pool"});
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

    void withTheGilJobsDoNotOverlapButTheLoopStaysFree_data() { makespanIsCeilOfJobsOverWorkersTimesCost_data(); }
    void withTheGilJobsDoNotOverlapButTheLoopStaysFree()
    {
        QFETCH(int, jobs);
        QFETCH(int, workers);
        QFETCH(int, costMs);
        const JobsOutcome o = runJobs(jobs, workers, true, std::chrono::milliseconds(costMs));
        QCOMPARE(o.makespan, Time(std::chrono::milliseconds(jobs * costMs))); // whatever the workers
        QCOMPARE(o.peakBusy, double(std::min(jobs, workers)));
        QCOMPARE(o.maxLag, 0.0);
        QCOMPARE(o.heartbeatMisses, 0);
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
