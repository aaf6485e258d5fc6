// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// CircuitBreaker: exact transition timelines for scripted outcomes, in both window kinds.
#include "engine_helpers.h"

#include "engine/resilience/circuit_breaker.h"
#include "engine/sleep.h"

using namespace coro;
using namespace coro::test;

namespace {
// A scripted dependency: each call takes `latency` and then fails or succeeds as told.
struct Script {
    int reached = 0; // calls that got past the breaker
    QCoro::Task<void> call(bool fail, Duration latency)
    {
        ++reached;
        co_await sleep(latency);
        if (fail)
            throw std::runtime_error("dependency failed");
    }
};

enum class Result { Ok, Failed, Refused };

// Issues one call at each (time, outcome) pair and notes what happened.
std::vector<Result> drive(Loop &loop, CircuitBreaker &breaker, Script &script,
                          const std::vector<std::pair<Duration, bool>> &calls, Duration latency = 10ms)
{
    std::vector<Result> results(calls.size(), Result::Ok);
    for (std::size_t i = 0; i < calls.size(); ++i)
        loop.spawn({"call", std::int64_t(i)}, [&, i, latency]() -> QCoro::Task<void> {
            co_await sleep(calls[i].first);
            try {
                co_await breaker.call([&, i, latency] { return script.call(calls[i].second, latency); });
            } catch (const BreakerOpen &) {
                results[i] = Result::Refused;
            } catch (const std::runtime_error &) {
                results[i] = Result::Failed;
            }
        });
    loop.runToEnd();
    return results;
}

// The same timeline, as the breaker published it to the recorder.
QString publishedTimeline(const Recorder &rec)
{
    QStringList parts;
    for (const StateEvent &e : rec.events())
        if (e.source == "b")
            parts << QStringLiteral("%1@%2").arg(QString::fromStdString(e.state)).arg(std::chrono::duration_cast<std::chrono::milliseconds>(e.time).count());
    return parts.join(QLatin1Char(' '));
}

QString timeline(const CircuitBreaker &b)
{
    QStringList parts;
    for (const auto &t : b.transitions())
        parts << QStringLiteral("%1@%2").arg(breakerStateName(t.to)).arg(std::chrono::duration_cast<std::chrono::milliseconds>(t.time).count());
    return parts.join(QLatin1Char(' '));
}
} // namespace

class TestCircuitBreaker : public QObject {
    Q_OBJECT
private slots:
    // Three failures in a row open it; open for 100 ms; one successful trial closes it.
    void consecutiveFailuresTimeline()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 3, .openDuration = 100ms, .halfOpenCalls = 1, .name = "b"});
        const auto results = drive(loop, breaker, script,
                                   {{0ms, false}, {20ms, true}, {40ms, true}, {60ms, true}, // opens at 70
                                    {80ms, false}, {150ms, false},                          // refused
                                    {180ms, false},                                         // trial at 180, closes at 190
                                    {200ms, true}});
        QCOMPARE(timeline(breaker), QStringLiteral("open@70 half-open@170 closed@190"));
        QCOMPARE(publishedTimeline(loop.recorder()), timeline(breaker));
        QCOMPARE(loop.recorder().counterValue("b.refused"), 2.0);
        QCOMPARE(loop.recorder().counterValue("b.transitions"), 3.0);
        QCOMPARE(results, (std::vector<Result>{Result::Ok, Result::Failed, Result::Failed, Result::Failed, Result::Refused,
                                               Result::Refused, Result::Ok, Result::Failed}));
        QCOMPARE(script.reached, 6); // the refused calls never reached the dependency
        QCOMPARE(breaker.refused(), 2u);
    }

    void aSuccessResetsTheConsecutiveCount()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 3, .name = "b"});
        drive(loop, breaker, script, {{0ms, true}, {20ms, true}, {40ms, false}, {60ms, true}, {80ms, true}});
        QVERIFY(breaker.transitions().empty());
    }

    void failedTrialReopensAndWaitsAgain()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 1, .openDuration = 50ms, .halfOpenCalls = 1, .name = "b"});
        drive(loop, breaker, script, {{0ms, true}, {70ms, true}, {140ms, false}});
        // fails at 10 -> open; half-open at 60; trial at 70 fails at 80 -> open; half-open at
        // 130; trial at 140 succeeds at 150 -> closed.
        QCOMPARE(timeline(breaker), QStringLiteral("open@10 half-open@60 open@80 half-open@130 closed@150"));
    }

    // Failure-rate window over the last 10 calls, at least 5 outcomes, threshold 50%.
    void failureRateWindowWaitsForMinimumCalls()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.window = CircuitBreakerConfig::Window::FailureRate,
                                .failureRateThreshold = 0.5,
                                .windowSize = 10,
                                .minimumCalls = 5,
                                .openDuration = 1s,
                                .name = "b"});
        // Four failures: 100% but below the minimum. The fifth outcome (a success) makes 4/5.
        drive(loop, breaker, script, {{0ms, true}, {20ms, true}, {40ms, true}, {60ms, true}, {80ms, false}});
        QCOMPARE(timeline(breaker), QStringLiteral("open@90 half-open@1090"));
    }

    void failureRateBelowThresholdStaysClosed()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.window = CircuitBreakerConfig::Window::FailureRate,
                                .failureRateThreshold = 0.5,
                                .windowSize = 4,
                                .minimumCalls = 4,
                                .name = "b"});
        // One failure in every four calls: the last 4 never hold 2 failures.
        std::vector<std::pair<Duration, bool>> calls;
        const bool pattern[] = {true, false, false, false, true, false, false, false, true, false};
        for (int i = 0; i < 10; ++i)
            calls.push_back({std::chrono::milliseconds(20 * i), pattern[i]});
        drive(loop, breaker, script, calls);
        QVERIFY(breaker.transitions().empty());
        // ...and one more failure inside the window trips it: 2 of the last 4.
        Loop loop2;
        CircuitBreaker breaker2({.window = CircuitBreakerConfig::Window::FailureRate,
                                 .failureRateThreshold = 0.5,
                                 .windowSize = 4,
                                 .minimumCalls = 4,
                                 .name = "b"});
        drive(loop2, breaker2, script, {{0ms, true}, {20ms, false}, {40ms, true}, {60ms, false}});
        QCOMPARE(timeline(breaker2), QStringLiteral("open@70 half-open@5070")); // default 5 s open
    }

    // Half-open lets exactly halfOpenCalls through however many callers arrive at once.
    void halfOpenAdmitsOnlyThePermittedTrials()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 1, .openDuration = 100ms, .halfOpenCalls = 3, .name = "b"});
        std::vector<std::pair<Duration, bool>> calls{{0ms, true}};
        for (int i = 0; i < 20; ++i)
            calls.push_back({120ms, false}); // 20 callers at once, 10 ms after it turns half-open
        const auto results = drive(loop, breaker, script, calls);
        QCOMPARE(std::count(results.begin(), results.end(), Result::Ok), 3);
        QCOMPARE(std::count(results.begin(), results.end(), Result::Refused), 17);
        QCOMPARE(breaker.halfOpenCallsLetThrough(), 3u);
        QCOMPARE(timeline(breaker), QStringLiteral("open@10 half-open@110 closed@130"));
        QCOMPARE(script.reached, 4);
    }

    void slowCallsCountAsFailures()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 2, .slowCallThreshold = 50ms, .name = "b"});
        drive(loop, breaker, script, {{0ms, false}, {10ms, false}}, 80ms); // both succeed, slowly
        QCOMPARE(timeline(breaker), QStringLiteral("open@90 half-open@5090"));
    }

    void stateIsRecordedAsAGauge()
    {
        Loop loop;
        Script script;
        CircuitBreaker breaker({.failureThreshold = 1, .openDuration = 100ms, .name = "dep"});
        drive(loop, breaker, script, {{0ms, true}});
        const Gauge *g = loop.recorder().findGauge("dep.state");
        QVERIFY(g);
        QCOMPARE(g->max, 2.0);  // open
        QCOMPARE(g->last, 1.0); // half-open at the end
        QCOMPARE(loop.recorder().counterValue("dep.transitions"), 2.0);
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuit_breaker.moc"
