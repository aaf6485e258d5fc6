// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// AdaptiveLimiter: a concurrency limit that finds itself, after Netflix's concurrency-limits.
// A call passes while fewer than limit() calls are in flight, else it is refused at once with
// LimiterRejected (nothing queues: the caller learns at once that the service is saturated).
// Every finished call is a sample of the service's state, and the limit follows it:
// - AIMD (AIMDLimit): a success adds one, while the limit is in use (at least half of it in
//   flight when the call began); a drop, a call that timed out or was refused for overload
//   (429, 503), multiplies it by backoffRatio (a half). Only a call that began after the last
//   cut can cut again, so a burst of timeouts from one overload halves the limit once, not
//   once per timeout (as TCP cuts its window once per round trip).
// - Gradient (Gradient2Limit, simplified): the limit follows the ratio of the lowest short-term
//   latency seen to the latency measured now (both a moving average over about 10 calls),
//   with a tolerance: while latency stays within `tolerance` times its lowest the limit grows
//   by its square root per call (room for a queue of that size); beyond it, it shrinks in
//   proportion, down to a half; a drop shrinks it by that half (a timeout cuts off the latency
//   that would have said so). The step is smoothed (smoothing: the share of the new value taken).
// Both stay within [min, max]. Other failures (a 500) and cancellations are no samples.
//
// The limit is recorded on the "<name>.limit" gauge and calls in flight on "<name>.in_flight";
// refusals are counted ("<name>.rejected").
#pragma once

#include "engine/instrument.h"
#include "engine/loop.h"
#include "engine/resilience/concurrency_limiter.h"
#include "engine/spec.h"

#include <qcoro/qcorotask.h>

#include <exception>
#include <string>

namespace coro {

enum class LimitAlgorithm { Aimd, Gradient };

struct AdaptiveLimitConfig {
    LimitAlgorithm algorithm = LimitAlgorithm::Aimd;
    double initial = 10;
    double min = 1;
    double max = 200;
    double backoffRatio = 0.5; ///< AIMD: the cut on a drop
    double tolerance = 1.5;    ///< gradient: latency allowed above its lowest before shrinking
    double smoothing = 0.2;    ///< gradient: weight of the new limit
    std::string name = "limit";
};

class AdaptiveLimiter {
public:
    explicit AdaptiveLimiter(AdaptiveLimitConfig config);
    const AdaptiveLimitConfig &config() const { return config_; }
    /// Calls allowed in flight now.
    int limit() const { return int(limit_); }
    std::int64_t inFlight() const { return inFlight_; }
    std::uint64_t rejected() const { return rejected_; }
    /// The limit's time average from the first call to now.
    double meanLimit(Time now) const;

    /// Runs factory() if a slot is free, else throws LimiterRejected; feeds the outcome back.
    template <typename Factory>
    auto call(Factory factory) -> decltype(factory())
    {
        const Started started = start();
        std::exception_ptr error;
        try {
            if constexpr (std::is_void_v<typename decltype(factory())::value_type>) {
                co_await factory();
                finish(started, Outcome::Success);
                co_return;
            } else {
                auto value = co_await factory();
                finish(started, Outcome::Success);
                co_return value;
            }
        } catch (const Cancelled &) {
            finish(started, Outcome::Ignored);
            throw;
        } catch (...) {
            error = std::current_exception();
        }
        finish(started, isDrop(error) ? Outcome::Drop : Outcome::Ignored);
        std::rethrow_exception(error);
    }

    /// Whether a failure says the service is overloaded: a timeout, a 429 or a 503.
    static bool isDrop(std::exception_ptr error);

private:
    enum class Outcome { Success, Drop, Ignored };
    struct Started {
        Time at;
        std::uint64_t cuts; ///< cuts_ when the call began
        bool limitInUse;
    };
    Started start(); // throws LimiterRejected
    void finish(const Started &started, Outcome outcome);
    void setLimit(double limit);

    AdaptiveLimitConfig config_;
    double limit_;
    std::int64_t inFlight_ = 0;
    std::uint64_t rejected_ = 0;
    std::uint64_t cuts_ = 0;
    double shortLatency_ = 0; ///< gradient: moving average of latency, seconds
    double lowestLatency_ = 0;
    // The limit's time integral, for meanLimit().
    bool started_ = false;
    Time since_{};
    Time changed_{};
    double area_ = 0;
    Instrument instrument_{config_.name};
    Instrument::Gauge limitGauge_ = instrument_.gauge("limit");
    Instrument::Gauge inFlightGauge_ = instrument_.gauge("in_flight");
    Instrument::Counter rejectedCount_ = instrument_.counter("rejected");
};

/// The "<name>.limit" gauge.
SignalSpec adaptiveLimitSignal(const std::string &name);

} // namespace coro
