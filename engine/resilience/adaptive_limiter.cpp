// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "adaptive_limiter.h"

#include "engine/errors.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coro {

AdaptiveLimiter::AdaptiveLimiter(AdaptiveLimitConfig config) : config_(std::move(config)), limit_(config_.initial)
{
    if (!(config_.min >= 1) || !(config_.max >= config_.min) || !(config_.initial >= config_.min) ||
        !(config_.initial <= config_.max))
        throw std::invalid_argument("AdaptiveLimiter: needs 1 <= min <= initial <= max");
    if (!(config_.backoffRatio > 0 && config_.backoffRatio < 1) || !(config_.smoothing > 0 && config_.smoothing <= 1) ||
        !(config_.tolerance >= 1))
        throw std::invalid_argument("AdaptiveLimiter: needs 0 < backoffRatio < 1, 0 < smoothing <= 1, tolerance >= 1");
}

bool AdaptiveLimiter::isDrop(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const TimeoutError &) {
        return true;
    } catch (const ServiceError &e) {
        return e.status() == 429 || e.status() == 503;
    } catch (...) {
        return false;
    }
}

double AdaptiveLimiter::meanLimit(Time now) const
{
    if (!started_ || now <= since_)
        return limit_;
    return (area_ + limit_ * toSeconds(now - changed_)) / toSeconds(now - since_);
}

void AdaptiveLimiter::setLimit(double limit)
{
    const Time now = Loop::running().now();
    area_ += limit_ * toSeconds(now - changed_);
    changed_ = now;
    limit_ = std::clamp(limit, config_.min, config_.max);
    instrument_.set(limitGauge_, double(int(limit_)));
}

AdaptiveLimiter::Started AdaptiveLimiter::start()
{
    const Time now = Loop::running().now();
    if (!started_) {
        started_ = true;
        since_ = changed_ = now;
        instrument_.set(limitGauge_, double(int(limit_)));
    }
    if (inFlight_ >= limit()) {
        ++rejected_;
        instrument_.add(rejectedCount_);
        instrument_.firstTime("limit reached");
        throw LimiterRejected();
    }
    ++inFlight_;
    instrument_.set(inFlightGauge_, double(inFlight_));
    return {now, cuts_, 2 * double(inFlight_) >= limit_};
}

void AdaptiveLimiter::finish(const Started &started, Outcome outcome)
{
    --inFlight_;
    instrument_.set(inFlightGauge_, double(inFlight_));
    if (outcome == Outcome::Ignored)
        return;
    const bool drop = outcome == Outcome::Drop;
    if (config_.algorithm == LimitAlgorithm::Aimd) {
        if (drop && started.cuts == cuts_) {
            ++cuts_;
            setLimit(limit_ * config_.backoffRatio);
        } else if (!drop && started.limitInUse) {
            setLimit(limit_ + 1);
        }
        return;
    }
    const double latency = toSeconds(Loop::running().now() - started.at);
    constexpr double weight = 0.1; // a moving average over about 10 calls
    shortLatency_ = shortLatency_ > 0 ? shortLatency_ + weight * (latency - shortLatency_) : latency;
    lowestLatency_ = lowestLatency_ > 0 ? std::min(lowestLatency_, shortLatency_) : shortLatency_;
    if (shortLatency_ <= 0)
        return;
    // A drop is the strongest signal there is: a timeout cut the latency it would have shown
    // (so it never reads above the timeout), an overload answer came back fast.
    const double gradient = drop ? 0.5 : std::clamp(config_.tolerance * lowestLatency_ / shortLatency_, 0.5, 1.0);
    const double target = limit_ * gradient + std::sqrt(limit_);
    setLimit(limit_ * (1 - config_.smoothing) + target * config_.smoothing);
}

SignalSpec adaptiveLimitSignal(const std::string &name)
{
    return {.id = name + ".limit", .label = "adaptive limit"};
}

} // namespace coro
