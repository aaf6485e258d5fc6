// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Policy Lab's primitives: hedge(), RetryBudget, AdaptiveLimiter (AIMD and gradient),
// withFallback(), and a capacity that changes mid-run (Semaphore::setLimit).
#include "engine_helpers.h"

#include "engine/resilience/adaptive_limiter.h"
#include "engine/resilience/fallback.h"
#include "engine/resilience/hedge.h"
#include "engine/resilience/retry.h"
#include "engine/resilience/retry_budget.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/timeout.h"

using namespace coro;
using namespace coro::test;

namespace {
// Attempt k takes latencies[k] and then fails with failures[k] (0: succeeds). Counts what
// started, what finished and what was cancelled.
struct Attempts {
    std::vector<Duration> latencies;
    std::vector<int> failures;
    int started = 0, finished = 0, cancelled = 0, live = 0;
    QCoro::Task<void> run(int k)
    {
        ++started;
        Guard guard(live);
        try {
            co_await sleep(latencies.at(std::size_t(k)), WaitKind::Io);
        } catch (const Cancelled &) {
            ++cancelled;
            throw;
        }
        ++finished;
        if (const int status = failures.empty() ? 0 : failures.at(std::size_t(k)))
            throw ServiceError(status);
    }
};

// Runs hedge() once from t = 0; returns when it ended (ms) and what it threw (0: nothing,
// else the status, -1 a timeout).
std::pair<int, int> race(Attempts &a, HedgePolicy policy, std::optional<Duration> limit = {})
{
    Loop loop;
    int endedMs = -1, status = 0, liveAtEnd = -1;
    loop.spawn("caller", [&]() -> QCoro::Task<void> {
        try {
            auto work = hedge(policy, [&a](int k) { return a.run(k); });
            if (limit)
                co_await timeout(*limit, std::move(work));
            else
                co_await std::move(work);
        } catch (const ServiceError &e) {
            status = e.status();
        } catch (const TimeoutError &) {
            status = -1;
        }
        endedMs = int(std::chrono::duration_cast<std::chrono::milliseconds>(now()).count());
        liveAtEnd = a.live;
    });
    loop.runToEnd();
    if (liveAtEnd != 0) // every attempt has unwound before hedge() returns
        endedMs = -1000;
    return {endedMs, status};
}

// `n` callers, one every `gap`, each through the limiter into a call of latency(i) that ends
// as outcome(i) says (0 success, else a status; -1 a timeout).
struct Driven {
    std::vector<int> limits; // the limit after each call ended
    int rejected = 0;
};
template <typename Latency, typename Outcome>
Driven drive(AdaptiveLimiter &limiter, int n, Duration gap, Latency latency, Outcome outcome)
{
    Loop loop;
    Driven d;
    for (int i = 0; i < n; ++i)
        loop.spawn({"call", i}, [&, i]() -> QCoro::Task<void> {
            co_await sleep(gap * i);
            try {
                co_await limiter.call([&, i]() -> QCoro::Task<void> {
                    co_await sleep(latency(i), WaitKind::Io);
                    if (const int o = outcome(i); o == -1)
                        throw TimeoutError();
                    else if (o)
                        throw ServiceError(o);
                });
            } catch (const LimiterRejected &) {
                ++d.rejected;
                co_return;
            } catch (const std::exception &) {
            }
            d.limits.push_back(limiter.limit());
        });
    loop.runToEnd();
    return d;
}
} // namespace

class TestPolicies : public QObject {
    Q_OBJECT
private slots:
    // A slow first attempt is overtaken by the hedge sent after the delay; the loser is cancelled.
    void hedgeAfterTheDelayWinsAndCancelsTheSlowAttempt()
    {
        Attempts a{{300ms, 50ms}, {}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 1});
        QCOMPARE(status, 0);
        QCOMPARE(ended, 150);
        QCOMPARE(a.started, 2);
        QCOMPARE(a.cancelled, 1);
    }
    // An answer before the delay sends no hedge.
    void fastAnswerSendsNoHedge()
    {
        Attempts a{{80ms, 50ms}, {}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 1});
        QCOMPARE(ended, 80);
        QCOMPARE(a.started, 1);
    }
    // A transient failure starts the next attempt at once, without waiting for the delay.
    void failureHedgesAtOnce()
    {
        Attempts a{{10ms, 50ms}, {503, 0}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 1});
        QCOMPARE(status, 0);
        QCOMPARE(ended, 60);
    }
    // Up to maxHedges extra attempts; when all fail, the last failure comes out.
    void allFailRethrowsTheLast()
    {
        Attempts a{{500ms, 500ms, 500ms, 500ms}, {500, 500, 502, 500}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 2});
        QCOMPARE(a.started, 3); // at 0, 100 and 200 ms; a fourth is never sent
        QCOMPARE(status, 502);  // the last to fail: the third, sent at 200, fails at 700
        QCOMPARE(ended, 700);
    }
    // A 400 is not worth another attempt: the race ends with it, the others are cancelled.
    void nonTransientFailureEndsTheRace()
    {
        Attempts a{{300ms, 20ms}, {0, 400}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 1});
        QCOMPARE(status, 400);
        QCOMPARE(ended, 120);
        QCOMPARE(a.cancelled, 1);
    }
    // A timeout around the hedge cancels every attempt; they unwind before it returns.
    void timeoutAroundTheHedgeCancelsEveryAttempt()
    {
        Attempts a{{500ms, 500ms, 500ms}, {}};
        const auto [ended, status] = race(a, {.delay = 100ms, .maxHedges = 2}, 250ms);
        QCOMPARE(status, -1);
        QCOMPARE(ended, 250);
        QCOMPARE(a.started, 3);
        QCOMPARE(a.cancelled, 3);
    }
    void hedgedCallsAreCounted()
    {
        Loop loop;
        Attempts a{{300ms, 300ms, 300ms}, {}};
        loop.spawn("caller", [&]() -> QCoro::Task<void> { co_await hedge({.delay = 100ms, .maxHedges = 2}, [&a](int k) { return a.run(k); }); });
        loop.runToEnd();
        QCOMPARE(loop.recorder().counterValue("hedged_calls"), 2.0);
    }

    // Retries spend tokens that successes earn: with initial 2 and nothing succeeding, the
    // budget pays for exactly two retries in the whole run, however many callers fail.
    void retryBudgetBoundsRetriesWhenNothingSucceeds()
    {
        Loop loop;
        RetryBudget budget({.ratio = 0.5, .initial = 2, .max = 10, .name = "rb"});
        RetryPolicy policy;
        policy.maxAttempts = 5;
        policy.base = 10ms;
        policy.budget = &budget;
        int calls = 0;
        for (int i = 0; i < 10; ++i)
            loop.spawn({"caller", i}, [&, i]() -> QCoro::Task<void> {
                co_await sleep(100ms * i);
                try {
                    co_await retry(policy, KeyedRandom(1), {1, std::uint64_t(i)}, [&](int) -> QCoro::Task<void> {
                        ++calls;
                        co_await sleep(1ms);
                        throw ServiceError(503);
                    });
                } catch (const ServiceError &) {
                }
            });
        loop.runToEnd();
        QCOMPARE(calls, 10 + 2);
        QCOMPARE(budget.refused(), 10u);
        QCOMPARE(loop.recorder().counterValue("rb.refused"), 10.0);
    }
    // Each success earns ratio tokens: 10 successes at 0.1 pay for one retry.
    void successesEarnRetries()
    {
        Loop loop;
        RetryBudget budget({.ratio = 0.1, .initial = 0, .max = 10});
        RetryPolicy policy;
        policy.maxAttempts = 3;
        policy.budget = &budget;
        int calls = 0;
        double balance = -1;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            for (int i = 0; i < 10; ++i)
                co_await retry(policy, KeyedRandom(1), {1, std::uint64_t(i)}, [&](int) -> QCoro::Task<void> {
                    ++calls;
                    co_return;
                });
            balance = budget.balance();
            try {
                co_await retry(policy, KeyedRandom(1), {1, 99}, [&](int) -> QCoro::Task<void> {
                    ++calls;
                    throw ServiceError(500);
                    co_return;
                });
            } catch (const ServiceError &) {
            }
        });
        loop.runToEnd();
        QCOMPARE(balance, 1.0);
        QCOMPARE(calls, 10 + 2); // one retry paid, the second refused
        QCOMPARE(budget.refused(), 1u);
    }

    // AIMD: one more per success while the limit is in use, halved by a drop, once per burst.
    void aimdGrowsByOneAndHalvesOncePerOverload()
    {
        AdaptiveLimiter limiter({.algorithm = LimitAlgorithm::Aimd, .initial = 4, .min = 1, .max = 100});
        // Twelve calls at once: four pass and succeed, eight are refused. The first began with
        // one of four slots in use, less than half: it is no sign the limit is too low.
        const auto d = drive(limiter, 12, 0ms, [](int) { return 100ms; }, [](int i) { return i < 4 ? 0 : -1; });
        QCOMPARE(d.rejected, 8);
        QCOMPARE(d.limits, (std::vector<int>{4, 5, 6, 7}));
        AdaptiveLimiter cut({.algorithm = LimitAlgorithm::Aimd, .initial = 8, .min = 1, .max = 100});
        const auto burst = drive(cut, 8, 0ms, [](int) { return 100ms; }, [](int) { return -1; });
        QCOMPARE(burst.limits, (std::vector<int>{4, 4, 4, 4, 4, 4, 4, 4})); // halved once, not eight times
        QCOMPARE(AdaptiveLimiter::isDrop(std::make_exception_ptr(ServiceError(503))), true);
        QCOMPARE(AdaptiveLimiter::isDrop(std::make_exception_ptr(ServiceError(500))), false);
    }
    // AIMD does not grow a limit that is not in use.
    void aimdDoesNotGrowAnIdleLimit()
    {
        AdaptiveLimiter limiter({.algorithm = LimitAlgorithm::Aimd, .initial = 10, .min = 1, .max = 100});
        drive(limiter, 50, 200ms, [](int) { return 100ms; }, [](int) { return 0; }); // one at a time
        QCOMPARE(limiter.limit(), 10);
    }
    // Gradient: steady latency lets the limit grow; latency that triples shrinks it.
    void gradientFollowsTheLatency()
    {
        AdaptiveLimiter limiter({.algorithm = LimitAlgorithm::Gradient, .initial = 10, .min = 2, .max = 50});
        drive(limiter, 200, 10ms, [](int) { return 100ms; }, [](int) { return 0; });
        QCOMPARE(limiter.limit(), 50);
        AdaptiveLimiter slowing({.algorithm = LimitAlgorithm::Gradient, .initial = 40, .min = 2, .max = 50});
        drive(slowing, 400, 10ms, [](int i) { return i < 100 ? 100ms : 300ms; }, [](int) { return 0; });
        QVERIFY2(slowing.limit() < 20, qPrintable(QString::number(slowing.limit())));
        QVERIFY(slowing.limit() >= 2);
        // Timeouts shrink it too, though they cut the latency off at 1.5 times its lowest.
        AdaptiveLimiter timingOut({.algorithm = LimitAlgorithm::Gradient, .initial = 40, .min = 2, .max = 50});
        drive(timingOut, 400, 10ms, [](int i) { return i < 100 ? 100ms : 150ms; }, [](int i) { return i < 100 ? 0 : -1; });
        QVERIFY2(timingOut.limit() < 20, qPrintable(QString::number(timingOut.limit())));
    }

    void fallbackAnswersInsteadOfTheFailure()
    {
        Loop loop;
        int answer = 0;
        loop.spawn("caller", [&]() -> QCoro::Task<void> {
            answer = co_await withFallback([]() -> QCoro::Task<int> {
                co_await sleep(10ms);
                throw ServiceError(503);
                co_return 1;
            }, 42);
            co_await withFallback([]() -> QCoro::Task<void> { throw TimeoutError(); co_return; });
        });
        loop.runToEnd();
        QCOMPARE(answer, 42);
        QCOMPARE(loop.recorder().counterValue("fallbacks"), 2.0);
    }

    // A lowered limit takes effect as holders release; a raised one grants waiters at once.
    void semaphoreLimitChanges()
    {
        Loop loop;
        Semaphore sem(3);
        Log log;
        std::int64_t inUseAfterCut = -1;
        for (int i = 0; i < 6; ++i)
            loop.spawn({"holder", i}, [&, i]() -> QCoro::Task<void> {
                auto permit = co_await sem.acquire();
                log.note("got" + std::to_string(i));
                co_await sleep(100ms);
            });
        loop.spawn("operator", [&]() -> QCoro::Task<void> {
            co_await sleep(50ms);
            sem.setLimit(1); // holders 0-2 release at 100: only one permit is handed on
            inUseAfterCut = sem.inUse();
            co_await sleep(100ms);
            sem.setLimit(3); // at 150: two more waiters at once
        });
        loop.runToEnd();
        QCOMPARE(inUseAfterCut, 3);
        QCOMPARE(log.joined(), QStringLiteral("got0@0 got1@0 got2@0 got3@100 got4@150 got5@150"));
    }
};

QTEST_GUILESS_MAIN(TestPolicies)
#include "tst_policies.moc"
