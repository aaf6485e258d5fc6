// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "circuit_breaker.h"

#include <stdexcept>

namespace coro {

const char *breakerStateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed: return "closed";
    case BreakerState::HalfOpen: return "half-open";
    case BreakerState::Open: return "open";
    }
    return "?";
}

CircuitBreaker::CircuitBreaker(CircuitBreakerConfig config) : config_(std::move(config))
{
    if (config_.failureThreshold < 1 || config_.windowSize < 1 || config_.minimumCalls < 1 || config_.halfOpenCalls < 1)
        throw std::invalid_argument("CircuitBreaker: thresholds, window and half-open calls must be >= 1");
    openTimer_.breaker = this;
    openTimer_.onFire = [](TimerNode *node) { static_cast<OpenTimer *>(node)->breaker->transition(BreakerState::HalfOpen); };
}

CircuitBreaker::~CircuitBreaker()
{
    if (loop_)
        loop_->disarm(openTimer_);
}

void CircuitBreaker::transition(BreakerState to)
{
    Loop &loop = loop_ ? *loop_ : Loop::running();
    loop_ = &loop;
    transitions_.push_back({loop.now(), state_, to});
    state_ = to;
    instrument_.set(stateGauge_, double(int(to)));
    instrument_.add(transitionCount_);
    instrument_.transition(breakerStateName(to));
    window_.clear();
    consecutiveFailures_ = 0;
    halfOpenInFlight_ = 0;
    halfOpenSucceeded_ = 0;
    loop.disarm(openTimer_);
    if (to == BreakerState::Open)
        loop.arm(openTimer_, loop.now() + config_.openDuration);
}

bool CircuitBreaker::tryAcquirePermission()
{
    switch (state_) {
    case BreakerState::Closed:
        return true;
    case BreakerState::HalfOpen:
        if (halfOpenInFlight_ + halfOpenSucceeded_ < config_.halfOpenCalls) {
            ++halfOpenInFlight_;
            ++halfOpenPassed_;
            return true;
        }
        break;
    case BreakerState::Open:
        break;
    }
    ++refused_;
    instrument_.add(refusedCount_);
    return false;
}

void CircuitBreaker::release()
{
    if (state_ == BreakerState::HalfOpen && halfOpenInFlight_ > 0)
        --halfOpenInFlight_;
}

bool CircuitBreaker::tripped() const
{
    if (config_.window == CircuitBreakerConfig::Window::ConsecutiveFailures)
        return consecutiveFailures_ >= config_.failureThreshold;
    if (int(window_.size()) < config_.minimumCalls)
        return false;
    int failures = 0;
    for (bool f : window_)
        failures += f;
    return double(failures) >= config_.failureRateThreshold * double(window_.size());
}

void CircuitBreaker::record(bool failure, std::size_t epoch)
{
    if (epoch != transitions_.size())
        return;
    switch (state_) {
    case BreakerState::Closed:
        consecutiveFailures_ = failure ? consecutiveFailures_ + 1 : 0;
        window_.push_back(failure);
        if (int(window_.size()) > config_.windowSize)
            window_.pop_front();
        if (tripped())
            transition(BreakerState::Open);
        break;
    case BreakerState::HalfOpen:
        if (halfOpenInFlight_ > 0)
            --halfOpenInFlight_;
        if (failure) {
            transition(BreakerState::Open);
        } else if (++halfOpenSucceeded_ >= config_.halfOpenCalls) {
            transition(BreakerState::Closed);
        }
        break;
    case BreakerState::Open:
        break;
    }
}

SignalSpec breakerStateSignal(const std::string &name)
{
    SignalSpec spec{.id = name + ".state", .label = "breaker state"};
    for (BreakerState state : {BreakerState::Closed, BreakerState::HalfOpen, BreakerState::Open})
        spec.states.push_back(breakerStateName(state));
    return spec;
}

} // namespace coro
