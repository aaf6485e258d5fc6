// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Queueing theory as a check on the whole engine: a semaphore-limited service with Poisson
// arrivals and exponential service is an M/M/c queue, whose mean wait Erlang C gives exactly.
#include "engine_helpers.h"
#include "mmc_workload.h"

using namespace coro;
using namespace coro::test;

class TestQueueing : public QObject {
    Q_OBJECT
private slots:
    void meanWaitAgreesWithErlangC_data()
    {
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("arrivalRate");
        QTest::addColumn<double>("serviceRate");
        QTest::newRow("M/M/1 at 70%") << 1 << 0.7 << 1.0;
        QTest::newRow("M/M/4 at 75%") << 4 << 3.0 << 1.0;
        QTest::newRow("M/M/10 at 80%") << 10 << 80.0 << 10.0;
    }
    void meanWaitAgreesWithErlangC()
    {
        QFETCH(int, servers);
        QFETCH(double, arrivalRate);
        QFETCH(double, serviceRate);
        const double theory = erlangCWait(servers, arrivalRate, serviceRate);
        const MmcResult r = runMmc(servers, arrivalRate, serviceRate, 200'000, 2026);
        const double relError = std::abs(r.meanWaitSeconds - theory) / theory;
        qInfo("simulated %.5f s, Erlang C %.5f s, %.2f%% off, %llu events", r.meanWaitSeconds, theory, relError * 100, (unsigned long long)r.events);
        QVERIFY2(relError < 0.05, qPrintable(QStringLiteral("simulated %1 s, Erlang C %2 s (%3% off)")
                                                 .arg(r.meanWaitSeconds).arg(theory).arg(relError * 100, 0, 'f', 2)));
    }

    void erlangCMatchesKnownValues()
    {
        // M/M/1: Wq = rho / (mu - lambda).
        QVERIFY(std::abs(erlangCWait(1, 0.5, 1.0) - 1.0) < 1e-12);
        // M/M/2, lambda = 1, mu = 1: P(wait) = 1/3, Wq = 1/3.
        QVERIFY(std::abs(erlangCWait(2, 1.0, 1.0) - 1.0 / 3.0) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestQueueing)
#include "tst_queueing.moc"
