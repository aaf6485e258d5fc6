// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 12: a circuit breaker in front of a dependency that goes down.
//
// Requests arrive as a Poisson stream; the service has an outage window (failing fast with
// 503s, or hanging until the caller's timeout). Three clients:
// - no breaker: every request goes to the dead service and fails (or hangs to its timeout);
// - the guide's CircuitBreaker, transcribed step for step: consecutive failures, a lazy
//   open -> half-open check on the next call, and a half-open state that lets every call in;
// - a breaker after Resilience4j (engine/resilience/circuit_breaker.h): a failure-rate window
//   with a minimum of calls, an exact open duration, and a fixed number of half-open probes.
#include "common.h"

#include "engine/resilience/circuit_breaker.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

/// The guide's CircuitBreaker, line for line. asyncio.Lock is a one-permit semaphore and
/// datetime.now() the virtual clock.
class GuideBreaker {
public:
    GuideBreaker(int failureThreshold, Duration recoveryTimeout)
        : failureThreshold_(failureThreshold), recoveryTimeout_(recoveryTimeout)
    {
    }

    template <typename Factory>
    QCoro::Task<void> call(Factory func)
    {
        {
            auto held = co_await lock_.acquire();
            if (state_ == BreakerState::Open) {
                if (shouldAttemptReset())
                    setState(BreakerState::HalfOpen);
                else
                    throw BreakerOpen();
            }
        }
        if (state_ == BreakerState::HalfOpen) // not in the guide: counts what half-open lets through, and when
            halfOpenCallTimes_.push_back(now());
        std::exception_ptr error;
        try {
            co_await func();
        } catch (...) {
            error = std::current_exception();
        }
        if (error) {
            co_await onFailure();
            std::rethrow_exception(error);
        }
        co_await onSuccess();
    }

    BreakerState state() const { return state_; }
    const std::vector<BreakerTransition> &transitions() const { return transitions_; }
    std::uint64_t halfOpenCalls() const { return halfOpenCallTimes_.size(); }
    /// Of those, the calls let through at or after t.
    std::uint64_t halfOpenCallsFrom(Time t) const
    {
        return std::uint64_t(std::count_if(halfOpenCallTimes_.begin(), halfOpenCallTimes_.end(), [t](Time c) { return c >= t; }));
    }

private:
    bool shouldAttemptReset() const
    {
        if (!lastFailureTime_)
            return true;
        return now() - *lastFailureTime_ >= recoveryTimeout_;
    }
    QCoro::Task<void> onSuccess()
    {
        auto held = co_await lock_.acquire();
        failureCount_ = 0;
        setState(BreakerState::Closed);
    }
    QCoro::Task<void> onFailure()
    {
        auto held = co_await lock_.acquire();
        ++failureCount_;
        lastFailureTime_ = now();
        if (failureCount_ >= failureThreshold_)
            setState(BreakerState::Open);
    }
    void setState(BreakerState to)
    {
        if (to == state_)
            return;
        transitions_.push_back({now(), state_, to});
        state_ = to;
        instrument_.set(stateGauge_, double(int(to)));
        instrument_.transition(breakerStateName(to));
    }

    Instrument instrument_{"breaker"};
    Instrument::Gauge stateGauge_ = instrument_.gauge("state");

    int failureThreshold_;
    Duration recoveryTimeout_;
    int failureCount_ = 0;
    std::optional<Time> lastFailureTime_;
    BreakerState state_ = BreakerState::Closed;
    Semaphore lock_{1};
    std::vector<BreakerTransition> transitions_;
    std::vector<Time> halfOpenCallTimes_;
};

struct World {
    World(const KeyedRandom &random, ServiceConfig config, Duration timeout)
        : service(random, std::move(config)), clientTimeout(timeout)
    {
    }
    Service service;
    std::optional<CircuitBreaker> breaker;
    std::optional<GuideBreaker> guide;
    Duration clientTimeout;
    Outstanding outstanding;
    std::uint64_t callsWhileOpen = 0; // calls that reached the service while our breaker was open
};

QCoro::Task<void> callService(World &w, std::uint64_t i)
{
    if (w.breaker && w.breaker->state() == BreakerState::Open)
        ++w.callsWhileOpen;
    co_await timeout(w.clientTimeout, w.service.call(i));
}

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    Recorder &rec = Loop::running().recorder();
    const Time start = now();
    issue();
    try {
        if (w.breaker)
            co_await w.breaker->call([&w, i] { return callService(w, i); });
        else if (w.guide)
            co_await w.guide->call([&w, i] { return callService(w, i); });
        else
            co_await callService(w, i);
        count("completed");
        answer(Answer::Ok, start);
    } catch (const BreakerOpen &) {
        settle("rejected", TaskOutcome::Refused);
        rec.add("fail_fast.total_ns", double((now() - start).count()));
        answer(Answer::Refused, start);
    } catch (const TimeoutError &) {
        settle("timed_out", TaskOutcome::TimedOut);
        answer(Answer::TimedOut, start);
    } catch (const ServiceError &) {
        settle("failed", TaskOutcome::Failed);
        answer(Answer::Failed, start);
    }
    w.outstanding.done();
}

QJsonArray transitionsJson(const std::vector<BreakerTransition> &transitions)
{
    QJsonArray list;
    for (const auto &t : transitions)
        list.append(QJsonObject{{"time_s", toSeconds(t.time)}, {"from", breakerStateName(t.from)}, {"to", breakerStateName(t.to)}});
    return list;
}

/// The variants, by what sets them apart.
enum class Kind { NoBreaker, GuideBreaker, Breaker };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("latency_ms") / 1000.0));
    const Time outageStart = fromSeconds(p.number("outage_start_s"));
    const Time outageEnd = outageStart + fromSeconds(p.number("outage_s"));
    config.outages = {{outageStart, outageEnd,
                       p.choice("outage_mode") == "hang" ? OutageMode::Hang : OutageMode::FailFast}};
    config.costPerCall = 1;
    World &w = ctx.make<World>(ctx.random, config, fromSeconds(p.number("timeout_s")));
    const Duration recovery = fromSeconds(p.number("recovery_s"));
    if (kind == Kind::Breaker)
        w.breaker.emplace(CircuitBreakerConfig{.window = CircuitBreakerConfig::Window::FailureRate,
                                               .failureRateThreshold = 0.5,
                                               .windowSize = 20,
                                               .minimumCalls = p.integer("failure_threshold"),
                                               .openDuration = recovery,
                                               .halfOpenCalls = p.integer("probes"),
                                               .name = "breaker"});
    else if (kind == Kind::GuideBreaker)
        w.guide.emplace(p.integer("failure_threshold"), recovery);

    co_await arriveAll(ctx, w.outstanding, std::uint64_t(p.integer("requests")), [&w](std::uint64_t i) {
        spawn({"request", std::int64_t(i)}, [&w, i] { return request(w, i); });
    });
    co_await w.outstanding.wait();

    const Recorder &rec = ctx.loop.recorder();
    ctx.extraMetrics.push_back({"calls_during_outage", rec.counterValue("service.outage_calls")});
    if (const double refused = rec.counterValue("rejected"); refused > 0)
        ctx.extraMetrics.push_back({"fail_fast_latency_s", rec.counterValue("fail_fast.total_ns") * 1e-9 / refused});
    if (w.breaker) {
        ctx.extraMetrics.push_back({"half_open_calls", double(w.breaker->halfOpenCallsLetThrough())});
        ctx.extraMetrics.push_back({"calls_while_open", double(w.callsWhileOpen)});
        ctx.extraJson.push_back({"breaker_transitions", transitionsJson(w.breaker->transitions())});
    } else if (w.guide) {
        ctx.extraMetrics.push_back({"half_open_calls", double(w.guide->halfOpenCalls())});
        ctx.extraMetrics.push_back({"half_open_calls_after_outage", double(w.guide->halfOpenCallsFrom(outageEnd))});
        ctx.extraJson.push_back({"breaker_transitions", transitionsJson(w.guide->transitions())});
    }
}

} // namespace

Scenario circuitBreakerScenario()
{
    Scenario s;
    s.id = "circuit-breaker";
    s.practice = 12;
    s.group = "resilience";
    s.title = "Circuit breaker";
    s.summary = "A dependency goes down for a while: without a breaker every call still goes to it; "
                "a breaker fails fast, then probes carefully until it recovers.";
    s.parameters = {
        {"requests", "Requests", "", NumericRange{1, 100'000, 600, 1}},
        {"outage_start_s", "Outage starts at", "s", NumericRange{0, 600, 2, 0.1}},
        {"outage_s", "Outage length", "s", NumericRange{0, 600, 5, 0.1}},
        {"outage_mode", "During the outage the service", "", Choices{{"failfast", "hang"}, "failfast"}},
        {"timeout_s", "Client timeout", "s", NumericRange{0.01, 60, 1, 0.01}},
        {"failure_threshold", "Failures to open (minimum calls)", "", NumericRange{1, 100, 5, 1}},
        {"recovery_s", "Open for (recovery timeout)", "s", NumericRange{0.05, 600, 1, 0.05}},
        {"probes", "Half-open probes", "", NumericRange{1, 100, 1, 1}},
        {"latency_ms", "Mean response time", "ms", NumericRange{1, 10'000, 100, 1}},
        latencyKindParameter(),
        arrivalParameter("poisson"),
        arrivalRateParameter(50),
    };
    s.variants = {{"no-breaker", "No breaker", Role::Bad, bind(run, Kind::NoBreaker)},
                  {"guide-breaker", "The guide's CircuitBreaker, as written", Role::Bad, bind(run, Kind::GuideBreaker)},
                  {"breaker", "Failure-rate breaker with limited half-open probes", Role::Good, bind(run, Kind::Breaker)}};
    s.metrics = {headline({.id = "calls_during_outage", .label = "calls into the outage", .better = Better::Lower}),
                 headline("service_calls"), metric("failed"), metric("completed"), metric("rejected"),
                 {.id = "half_open_calls", .label = "calls let through half-open"},
                 {.id = "half_open_calls_after_outage", .label = "of those, after the outage"},
                 {.id = "fail_fast_latency_s", .label = "refusal latency", .unit = Unit::Seconds, .better = Better::Lower},
                 metric("cost"), metric("timed_out")};
    s.chartSignals = {breakerStateSignal("breaker"), serviceInFlightSignal("service")};
    s.bands = {{.label = "outage", .startParameter = "outage_start_s", .lengthParameter = "outage_s"}};
    s.questions = {{"Requests arrive at {arrival_rate} a second, and the service is down for {outage_s} s. Without a circuit breaker, how many calls go into the outage?", "no-breaker", "calls_during_outage", 0.25, 5, "Without a breaker every request that arrives during the {outage_s} s outage calls the dead service: the arrival rate ({arrival_rate} a second) times the outage, the red marks in the shaded band."},
                   {"With the failure-rate breaker (half-open probes at a time: {probes}), how many?", "breaker", "calls_during_outage", 0.5, 5, "The breaker opens after the first few failures; from then on it refuses at once, and each time its open period ends it lets only {probes} probe through: the purple refusals fill the band, with a red probe now and then."}};
    s.narrate = [](const Scenario::Story &st) {
        const double end = st.params.number("outage_start_s") + st.params.number("outage_s");
        return std::vector<Mark>{{end, "verdict",
                                  "outage over: " + saidCount(st.number("calls_during_outage")) + " calls were sent into it"}};
    };
    return s;
}

} // namespace scenarios
