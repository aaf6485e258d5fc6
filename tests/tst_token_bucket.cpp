// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// TokenBucket: refill, FIFO waiting, cancellation, and the admission bound.
#include "engine_helpers.h"

#include "engine/resilience/token_bucket.h"
#include "engine/random.h"
#include "engine/sleep.h"
#include "engine/timeout.h"

using namespace coro;
using namespace coro::test;

namespace {
struct Admission {
    Time at;
    double tokens;
};

QCoro::Task<void> takeTokens(TokenBucket &bucket, double n, std::vector<Admission> &log)
{
    co_await bucket.acquire(n);
    log.push_back({now(), n});
}
} // namespace

class TestTokenBucket : public QObject {
    Q_OBJECT
private slots:
    void startsFullThenAdmitsAtTheRate()
    {
        Loop loop;
        TokenBucket bucket({.ratePerSecond = 10, .capacity = 5, .name = "api"});
        std::vector<Admission> log;
        for (int i = 0; i < 8; ++i)
            loop.spawn({"req", i}, [&] { return takeTokens(bucket, 1, log); });
        loop.runToEnd();
        std::vector<Time> times;
        for (auto &a : log)
            times.push_back(a.at);
        QCOMPARE(times, (std::vector<Time>{0ms, 0ms, 0ms, 0ms, 0ms, 100ms, 200ms, 300ms}));
        QCOMPARE(loop.recorder().findGauge("api.tokens")->max, 5.0);
        QCOMPARE(loop.recorder().counterValue("api.admitted"), 8.0);
    }

    void aLargeRequestIsNotOvertakenBySmallOnes()
    {
        Loop loop;
        TokenBucket bucket({.ratePerSecond = 10, .capacity = 4, .name = "b"});
        std::vector<Admission> log;
        loop.spawn("drain", [&] { return takeTokens(bucket, 4, log); });  // t=0, empties the bucket
        loop.spawn("big", [&] { return takeTokens(bucket, 3, log); });    // needs 300 ms of refill
        loop.spawn("small", [&] { return takeTokens(bucket, 1, log); });  // queued behind big
        loop.runToEnd();
        QCOMPARE(log.size(), std::size_t(3));
        QCOMPARE(log[1].tokens, 3.0);
        QCOMPARE(log[1].at, Time(300ms));
        QCOMPARE(log[2].tokens, 1.0);
        QCOMPARE(log[2].at, Time(400ms));
    }

    void tryAcquireNeverWaits()
    {
        Loop loop;
        TokenBucket bucket({.ratePerSecond = 1, .capacity = 2, .name = "b"});
        std::vector<bool> results;
        loop.spawn("t", [&]() -> QCoro::Task<void> {
            for (int i = 0; i < 3; ++i)
                results.push_back(bucket.tryAcquire());
            co_await sleep(1s);
            results.push_back(bucket.tryAcquire());
        });
        loop.runToEnd();
        QCOMPARE(results, (std::vector<bool>{true, true, false, true}));
    }

    void cancelledOrTimedOutWaiterTakesNoTokens()
    {
        Loop loop;
        TokenBucket bucket({.ratePerSecond = 10, .capacity = 5, .name = "b"});
        std::vector<Admission> log;
        bool timedOut = false;
        loop.spawn("drain", [&] { return takeTokens(bucket, 5, log); });
        auto victim = loop.spawn("victim", [&] { return takeTokens(bucket, 5, log); });
        loop.spawn("impatient", [&]() -> QCoro::Task<void> {
            try {
                co_await timeout(50ms, takeTokens(bucket, 2, log));
            } catch (const TimeoutError &) {
                timedOut = true;
            }
        });
        loop.spawn("patient", [&] { return takeTokens(bucket, 1, log); });
        loop.spawn("canceller", [&]() -> QCoro::Task<void> {
            co_await sleep(10ms);
            victim.cancel();
        });
        loop.runToEnd();
        QVERIFY(timedOut);
        QCOMPARE(victim.status(), TaskStatus::Cancelled);
        QCOMPARE(log.size(), std::size_t(2)); // drain and patient only
        QCOMPARE(log[1].at, Time(100ms));     // one token refilled; nobody else took any
        QCOMPARE(bucket.waiting(), 0u);
    }

    // Over any window of length w: admitted <= capacity + rate * w. Random arrivals, sizes,
    // timeouts and cancellations, several seeds.
    void neverAdmitsMoreThanCapacityPlusRateTimesWindow_data()
    {
        QTest::addColumn<int>("seed");
        QTest::addColumn<double>("rate");
        QTest::addColumn<double>("capacity");
        QTest::newRow("seed 1, 20/s, 5") << 1 << 20.0 << 5.0;
        QTest::newRow("seed 2, 5/s, 10") << 2 << 5.0 << 10.0;
        QTest::newRow("seed 3, 100/s, 1") << 3 << 100.0 << 1.0;
        QTest::newRow("seed 4, 50/s, 25") << 4 << 50.0 << 25.0;
    }
    void neverAdmitsMoreThanCapacityPlusRateTimesWindow()
    {
        QFETCH(int, seed);
        QFETCH(double, rate);
        QFETCH(double, capacity);
        Loop loop;
        TokenBucket bucket({.ratePerSecond = rate, .capacity = capacity, .name = "b"});
        const KeyedRandom random{std::uint64_t(seed)};
        std::vector<Admission> log;
        for (int i = 0; i < 400; ++i)
            loop.spawn({"req", i}, [&, i]() -> QCoro::Task<void> {
                const auto key = [&](int stream) { return DrawKey{std::uint64_t(stream), std::uint64_t(i), 0}; };
                co_await sleep(fromSeconds(random.uniform(key(1)) * 400.0 / rate));
                const double n = 1 + std::floor(random.uniform(key(2)) * capacity);
                if (random.bernoulli(0.5, key(3)))
                    co_await takeTokens(bucket, n, log);
                else if (!random.bernoulli(0.2, key(4)) && bucket.tryAcquire(n))
                    log.push_back({now(), n});
                else {
                    try {
                        co_await timeout(fromSeconds(random.uniform(key(5)) * 2 / rate), takeTokens(bucket, n, log));
                    } catch (const TimeoutError &) {
                    }
                }
            });
        loop.runToEnd();
        QVERIFY(log.size() > 100);
        double worst = -1e9;
        for (std::size_t i = 0; i < log.size(); ++i) {
            double admitted = 0;
            for (std::size_t j = i; j < log.size(); ++j) {
                admitted += log[j].tokens;
                const double bound = capacity + rate * toSeconds(log[j].at - log[i].at);
                worst = std::max(worst, admitted - bound);
            }
        }
        QVERIFY2(worst <= 1e-6, qPrintable(QStringLiteral("exceeded the bound by %1 tokens").arg(worst)));
    }
};

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_token_bucket.moc"
