// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// ConcurrencyLimiter (bulkhead): concurrency cap, bounded queue, bounded wait.
#include "engine_helpers.h"

#include "engine/resilience/concurrency_limiter.h"
#include "engine/sleep.h"

using namespace coro;
using namespace coro::test;

namespace {
struct Outcome {
    std::vector<Time> admitted;
    int rejected = 0;
};

void run(Loop &loop, ConcurrencyLimiter &limiter, int callers, Duration hold, Outcome &out)
{
    for (int i = 0; i < callers; ++i)
        loop.spawn({"caller", i}, [&, hold]() -> QCoro::Task<void> {
            try {
                Permit permit = co_await limiter.acquire();
                out.admitted.push_back(now());
                co_await sleep(hold);
            } catch (const LimiterRejected &) {
                ++out.rejected;
            }
        });
    loop.runToEnd();
}
} // namespace

class TestConcurrencyLimiter : public QObject {
    Q_OBJECT
private slots:
    void rejectsBeyondTheLimitAndTheQueue_data()
    {
        QTest::addColumn<int>("maxConcurrent");
        QTest::addColumn<int>("maxQueue");
        QTest::addColumn<int>("callers");
        QTest::newRow("2 + 3 of 10") << 2 << 3 << 10;
        QTest::newRow("no queue") << 4 << 0 << 10;
        QTest::newRow("room for all") << 3 << 20 << 10;
    }
    void rejectsBeyondTheLimitAndTheQueue()
    {
        QFETCH(int, maxConcurrent);
        QFETCH(int, maxQueue);
        QFETCH(int, callers);
        Loop loop;
        ConcurrencyLimiter limiter({.maxConcurrent = maxConcurrent, .maxQueue = maxQueue, .maxWait = {}, .name = "bulkhead"});
        Outcome out;
        run(loop, limiter, callers, 100ms, out);
        const int admitted = std::min(callers, maxConcurrent + maxQueue);
        QCOMPARE(int(out.admitted.size()), admitted);
        QCOMPARE(out.rejected, callers - admitted);
        QCOMPARE(loop.recorder().findGauge("bulkhead.in_use")->max, double(std::min(callers, maxConcurrent)));
        QCOMPARE(loop.recorder().counterValue("bulkhead.rejected"), double(callers - admitted));
    }

    void aWaiterGivesUpAfterMaxWait()
    {
        Loop loop;
        ConcurrencyLimiter limiter({.maxConcurrent = 1, .maxQueue = 5, .maxWait = 150ms, .name = "b"});
        Outcome out;
        run(loop, limiter, 4, 100ms, out);
        // 0: at once; 1: waits 100 ms; 2 would wait 200 ms and 3 300 ms: both give up at 150.
        QCOMPARE(out.admitted, (std::vector<Time>{0ms, 100ms}));
        QCOMPARE(out.rejected, 2);
        QCOMPARE(limiter.waiting(), 0u);
        QCOMPARE(limiter.inUse(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConcurrencyLimiter)
#include "tst_concurrency_limiter.moc"
