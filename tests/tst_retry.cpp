// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// RetryPolicy delays (the formulas of "Exponential Backoff And Jitter") and retry() itself.
#include "engine_helpers.h"

#include "engine/resilience/retry.h"

using namespace coro;
using namespace coro::test;

namespace {
// Fails the first `failures` attempts with `status`, then succeeds; each attempt takes 10 ms.
struct Flaky {
    int failures = 0;
    int status = 503;
    int attempts = 0;
    QCoro::Task<int> attempt(int k)
    {
        ++attempts;
        co_await sleep(10ms, WaitKind::Io);
        if (k < failures)
            throw ServiceError(status);
        co_return k;
    }
};
} // namespace

class TestRetry : public QObject {
    Q_OBJECT
private slots:
    void delaysStayWithinTheirFormulas_data()
    {
        QTest::addColumn<int>("jitter");
        for (Jitter j : {Jitter::None, Jitter::Full, Jitter::Equal, Jitter::Decorrelated})
            QTest::newRow(jitterName(j)) << int(j);
    }
    void delaysStayWithinTheirFormulas()
    {
        QFETCH(int, jitter);
        RetryPolicy policy;
        policy.base = 5ms;
        policy.cap = 2s;
        policy.jitter = Jitter(jitter);
        const KeyedRandom random(42);
        for (std::uint64_t item = 0; item < 500; ++item) {
            Duration previous = policy.base;
            for (int n = 0; n < 12; ++n) {
                const Duration d = policy.delay(n, previous, random, {7, item, std::uint64_t(n)});
                const double exp = std::min(2.0, 0.005 * std::pow(2.0, n));
                const double s = toSeconds(d);
                switch (Jitter(jitter)) {
                case Jitter::None: QVERIFY(std::abs(s - exp) < 1e-9); break;
                case Jitter::Full: QVERIFY(s >= 0 && s <= exp); break;
                case Jitter::Equal: QVERIFY(s >= exp / 2 - 1e-9 && s <= exp); break;
                case Jitter::Decorrelated:
                    QVERIFY(s >= 0.005 - 1e-9 && s <= std::min(2.0, 3 * toSeconds(previous)) + 1e-9);
                    break;
                }
                // Same key, same delay.
                QCOMPARE(policy.delay(n, previous, random, {7, item, std::uint64_t(n)}), d);
                previous = d;
            }
        }
    }

    // The analysis's simulator counts attempts from 1: its first retry waits base * 2, and the
    // exponent can start there.
    void theFirstRetryExponentShiftsEveryDelay()
    {
        RetryPolicy policy;
        policy.base = 5ms;
        policy.cap = 2s;
        const KeyedRandom random(1);
        QCOMPARE(policy.delay(0, policy.base, random, {7, 0, 0}), Duration(5ms));
        policy.firstRetryExponent = 1;
        QCOMPARE(policy.delay(0, policy.base, random, {7, 0, 0}), Duration(10ms));
        QCOMPARE(policy.delay(3, policy.base, random, {7, 0, 3}), Duration(80ms));
        QCOMPARE(policy.delay(20, policy.base, random, {7, 0, 20}), Duration(2s)); // capped
        policy.jitter = Jitter::Equal; // t = 10 ms: between 5 and 10
        const Duration d = policy.delay(0, policy.base, random, {7, 0, 0});
        QVERIFY(d >= 5ms && d <= 10ms);
    }

    void fullJitterAveragesHalfTheCappedExponential()
    {
        RetryPolicy policy;
        policy.base = 10ms;
        policy.cap = 1s;
        policy.jitter = Jitter::Full;
        const KeyedRandom random(3);
        for (int n : {0, 3, 6, 10}) {
            double sum = 0;
            const int samples = 20000;
            for (int i = 0; i < samples; ++i)
                sum += toSeconds(policy.delay(n, policy.base, random, {1, std::uint64_t(i), std::uint64_t(n)}));
            const double expected = std::min(1.0, 0.010 * std::pow(2.0, n)) / 2;
            QVERIFY2(std::abs(sum / samples - expected) < expected * 0.03, qPrintable(QString::number(sum / samples)));
        }
    }

    void retriesTransientFailuresWithBackoff()
    {
        Loop loop;
        Flaky flaky{.failures = 2};
        std::optional<int> result;
        RetryPolicy policy{.maxAttempts = 4, .base = 100ms, .factor = 2};
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            result = co_await retry(policy, KeyedRandom(1), {1, 0, 0}, [&](int k) { return flaky.attempt(k); });
        });
        loop.runToEnd();
        QCOMPARE(result, std::optional<int>(2));
        QCOMPARE(flaky.attempts, 3);
        // 10 ms + 100 ms backoff + 10 ms + 200 ms backoff + 10 ms
        QCOMPARE(loop.now(), Time(330ms));
        QCOMPARE(loop.recorder().counterValue("retries"), 2.0);
        int backoffs = 0;
        for (const auto &seg : loop.recorder().segments())
            backoffs += seg.kind == WaitKind::Backoff;
        QCOMPARE(backoffs, 2);
    }

    void givesUpAfterMaxAttempts()
    {
        Loop loop;
        Flaky flaky{.failures = 10, .status = 429};
        int status = 0;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                co_await retry(RetryPolicy{.maxAttempts = 3, .base = 1ms}, KeyedRandom(1), {1, 0, 0},
                               [&](int k) { return flaky.attempt(k); });
            } catch (const ServiceError &e) {
                status = e.status();
            }
        });
        loop.runToEnd();
        QCOMPARE(flaky.attempts, 3);
        QCOMPARE(status, 429);
    }

    void doesNotRetryWhatIsNotTransient()
    {
        Loop loop;
        Flaky flaky{.failures = 10, .status = 400};
        bool failed = false;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            try {
                co_await retry(RetryPolicy{.maxAttempts = 5}, KeyedRandom(1), {1, 0, 0}, [&](int k) { return flaky.attempt(k); });
            } catch (const ServiceError &) {
                failed = true;
            }
        });
        loop.runToEnd();
        QVERIFY(failed);
        QCOMPARE(flaky.attempts, 1);
        QVERIFY(isTransient(std::make_exception_ptr(TimeoutError())));
        QVERIFY(isTransient(std::make_exception_ptr(ServiceError(500))));
        QVERIFY(!isTransient(std::make_exception_ptr(std::runtime_error("bug"))));
        QVERIFY(!isTransient(std::make_exception_ptr(ServiceError(400)))); // a malformed request stays malformed
    }
};

QTEST_GUILESS_MAIN(TestRetry)
#include "tst_retry.moc"
