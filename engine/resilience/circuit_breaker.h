// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// CircuitBreaker: closed, open and half-open, after Resilience4j's CircuitBreaker.
//
// Closed: calls pass; outcomes feed a window. Two window kinds: consecutive failures (the
// guide's style: open after N failures in a row) or a failure-rate window over the last N
// calls that may trip only once it holds minimumCalls outcomes (Resilience4j's count-based
// sliding window). A call slower than slowCallThreshold, if set, counts as a failure.
// Open: calls are refused at once with BreakerOpen and never reach the service; after
// openDuration the breaker turns half-open by itself (Resilience4j's automatic transition,
// so the transition time is exact rather than "at the next call").
// Half-open: at most halfOpenCalls trial calls pass; all of them must succeed to close, and
// any failure opens the breaker again. Further calls meanwhile are refused.
//
// Every transition is kept with its time and recorded on the "<name>.state" gauge
// (0 closed, 1 half-open, 2 open).
#pragma once

#include "engine/errors.h"
#include "engine/instrument.h"
#include "engine/loop.h"
#include "engine/spec.h"

#include <qcoro/qcorotask.h>

#include <deque>
#include <exception>
#include <optional>
#include <string>
#include <vector>

namespace coro {

/// A call refused because the breaker is open (or half-open with every trial slot taken).
struct BreakerOpen : std::exception, CountedException {
    const char *what() const noexcept override { return "circuit breaker is open"; }
};

enum class BreakerState : std::uint8_t { Closed, HalfOpen, Open };
const char *breakerStateName(BreakerState state);

struct CircuitBreakerConfig {
    enum class Window { ConsecutiveFailures, FailureRate };
    Window window = Window::ConsecutiveFailures;
    int failureThreshold = 5;          ///< consecutive failures that open it
    double failureRateThreshold = 0.5; ///< failure rate (0-1) that opens it
    int windowSize = 20;               ///< failure-rate window: the last N calls
    int minimumCalls = 10;             ///< failure-rate window: outcomes needed before it can trip
    Duration openDuration = std::chrono::seconds(5);
    int halfOpenCalls = 1;             ///< trial calls let through while half-open
    std::optional<Duration> slowCallThreshold;
    std::string name = "breaker";
};

struct BreakerTransition {
    Time time;
    BreakerState from;
    BreakerState to;
};

class CircuitBreaker {
public:
    explicit CircuitBreaker(CircuitBreakerConfig config);
    ~CircuitBreaker();
    CircuitBreaker(const CircuitBreaker &) = delete;
    CircuitBreaker &operator=(const CircuitBreaker &) = delete;

    BreakerState state() const { return state_; }
    const std::vector<BreakerTransition> &transitions() const { return transitions_; }
    const CircuitBreakerConfig &config() const { return config_; }
    std::uint64_t refused() const { return refused_; }
    std::uint64_t halfOpenCallsLetThrough() const { return halfOpenPassed_; }

    /// Asks to make a call: true if it may go ahead (then report its outcome with
    /// onSuccess/onFailure), false if refused.
    bool tryAcquirePermission();
    /// The outcome of a permitted call, counted in the breaker's current state.
    void onSuccess(Duration elapsed) { record(isSlow(elapsed), transitions_.size()); }
    void onFailure(Duration) { record(true, transitions_.size()); }

    /// Runs factory() if permitted and records its outcome; throws BreakerOpen if refused.
    /// The factory is only called once permission is given, so a refused call never starts.
    template <typename Factory>
    auto call(Factory factory) -> decltype(factory())
    {
        if (!tryAcquirePermission())
            throw BreakerOpen();
        const std::size_t epoch = transitions_.size(); // outcomes count only in the state they began in
        const Time start = Loop::running().now();
        std::exception_ptr error;
        try {
            if constexpr (std::is_void_v<typename decltype(factory())::value_type>) {
                co_await factory();
                record(isSlow(Loop::running().now() - start), epoch);
                co_return;
            } else {
                auto value = co_await factory();
                record(isSlow(Loop::running().now() - start), epoch);
                co_return value;
            }
        } catch (const Cancelled &) {
            if (epoch == transitions_.size())
                release(); // a cancelled call is no outcome, but frees its trial slot
            throw;
        } catch (...) {
            error = std::current_exception();
        }
        record(true, epoch);
        std::rethrow_exception(error);
    }

private:
    bool isSlow(Duration elapsed) const { return config_.slowCallThreshold && elapsed > *config_.slowCallThreshold; }
    /// An outcome of a call that began in state epoch (the transition count then); an outcome
    /// from before the last transition is ignored.
    void record(bool failure, std::size_t epoch);
    void release();
    void transition(BreakerState to);
    bool tripped() const;

    CircuitBreakerConfig config_;
    BreakerState state_ = BreakerState::Closed;
    std::vector<BreakerTransition> transitions_;
    std::deque<bool> window_; // failure-rate window: true = failure
    int consecutiveFailures_ = 0;
    int halfOpenInFlight_ = 0;
    int halfOpenSucceeded_ = 0;
    std::uint64_t refused_ = 0;
    std::uint64_t halfOpenPassed_ = 0;
    struct OpenTimer : TimerNode {
        CircuitBreaker *breaker = nullptr;
    } openTimer_;
    Loop *loop_ = nullptr;
    Instrument instrument_{config_.name};
    Instrument::Gauge stateGauge_ = instrument_.gauge("state");
    Instrument::Counter transitionCount_ = instrument_.counter("transitions");
    Instrument::Counter refusedCount_ = instrument_.counter("refused");
};

/// The "<name>.state" gauge: 0 closed, 1 half-open, 2 open.
SignalSpec breakerStateSignal(const std::string &name);

} // namespace coro
