// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Keyed randomness and the distributions built on it.
#include "engine_helpers.h"

#include "engine/random.h"

#include <cmath>
#include <numeric>

using namespace coro;
using namespace coro::test;

class TestRandom : public QObject {
    Q_OBJECT
private slots:
    void aDrawDependsOnlyOnItsKeyNotOnTheOrderOfAsking()
    {
        const KeyedRandom random(42);
        const auto dist = Distribution::logNormal(100ms, 800ms);
        std::vector<Duration> forward(1000), backward(1000);
        for (int i = 0; i < 1000; ++i)
            forward[std::size_t(i)] = dist.sample(random, {7, std::uint64_t(i), 0});
        for (int i = 999; i >= 0; --i)
            backward[std::size_t(i)] = dist.sample(random, {7, std::uint64_t(i), 0});
        QVERIFY(forward == backward);
    }

    void everyPartOfTheKeyMatters()
    {
        const KeyedRandom a(1), b(2);
        const DrawKey key{3, 4, 5};
        QVERIFY(a.bits(key) != b.bits(key));
        QVERIFY(a.bits(key) != a.bits({4, 4, 5}));
        QVERIFY(a.bits(key) != a.bits({3, 5, 5}));
        QVERIFY(a.bits(key) != a.bits({3, 4, 6}));
        QVERIFY(a.bits(key, 0) != a.bits(key, 1));
        QCOMPARE(a.bits(key), KeyedRandom(1).bits(key));
    }

    void distributionsHaveTheirMeans_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("expectedMean");
        QTest::newRow("fixed 50 ms") << 0 << 0.050;
        QTest::newRow("uniform 10-30 ms") << 1 << 0.020;
        QTest::newRow("exponential 40 ms") << 2 << 0.040;
        QTest::newRow("log-normal mean 100 ms") << 3 << 0.100;
    }
    void distributionsHaveTheirMeans()
    {
        QFETCH(int, kind);
        QFETCH(double, expectedMean);
        const Distribution d = kind == 0   ? Distribution::fixed(50ms)
                               : kind == 1 ? Distribution::uniform(10ms, 30ms)
                               : kind == 2 ? Distribution::exponential(40ms)
                                           : Distribution::logNormal(100ms, 500ms);
        const KeyedRandom random(9);
        const int n = 200'000;
        double sum = 0;
        for (int i = 0; i < n; ++i)
            sum += toSeconds(d.sample(random, {1, std::uint64_t(i), 0}));
        QVERIFY2(std::abs(sum / n - expectedMean) < expectedMean * 0.02, qPrintable(QString::number(sum / n)));
        QVERIFY(std::abs(d.meanSeconds() - expectedMean) < 1e-9);
    }

    void logNormalHitsItsP99()
    {
        const auto d = Distribution::logNormal(100ms, 600ms);
        const KeyedRandom random(3);
        std::vector<double> v(200'000);
        for (std::size_t i = 0; i < v.size(); ++i)
            v[i] = toSeconds(d.sample(random, {2, i, 0}));
        std::sort(v.begin(), v.end());
        const double p99 = v[std::size_t(0.99 * double(v.size()))];
        QVERIFY2(std::abs(p99 - 0.600) < 0.600 * 0.03, qPrintable(QString::number(p99)));
    }

    void bernoulliHitsItsProbability()
    {
        const KeyedRandom random(5);
        int hits = 0;
        for (int i = 0; i < 100'000; ++i)
            hits += random.bernoulli(0.3, {1, std::uint64_t(i), 0});
        QVERIFY(std::abs(hits / 100'000.0 - 0.3) < 0.01);
    }
};

QTEST_GUILESS_MAIN(TestRandom)
#include "tst_random.moc"
