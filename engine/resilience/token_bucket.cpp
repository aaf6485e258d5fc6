// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "token_bucket.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace coro {

namespace {
constexpr double kEpsilon = 1e-9; // floating-point slack when a timer lands exactly on the refill
}

TokenBucket::TokenBucket(TokenBucketConfig config) : config_(std::move(config)), tokens_(config_.capacity)
{
    if (!(config_.ratePerSecond > 0) || !(config_.capacity >= 1))
        throw std::invalid_argument("TokenBucket: rate must be > 0 and capacity >= 1");
    headTimer_.bucket = this;
    headTimer_.onFire = [](TimerNode *node) { static_cast<HeadTimer *>(node)->bucket->serveHead(); };
}

TokenBucket::~TokenBucket()
{
    if (loop_)
        loop_->disarm(headTimer_);
}

void TokenBucket::refill()
{
    Loop &loop = loop_ ? *loop_ : Loop::running(); // a cancellation may come from outside a turn
    if (!loop_) {
        loop_ = &loop;
        instrument_.set(level_, tokens_);
    }
    tokens_ = std::min(config_.capacity, tokens_ + config_.ratePerSecond * toSeconds(loop.now() - updated_));
    updated_ = loop.now();
}

void TokenBucket::take(double n)
{
    instrument_.set(level_, tokens_); // the level just before: the sawtooth's peak
    tokens_ = std::max(0.0, tokens_ - n);
    instrument_.set(level_, tokens_);
    instrument_.add(admitted_, n);
    if (tokens_ + kEpsilon < 1)
        instrument_.firstTime("empty");
}

bool TokenBucket::tryAcquire(double n)
{
    refill();
    if (!waiters_.empty() || tokens_ + kEpsilon < n)
        return false;
    take(n);
    return true;
}

TokenBucket::Awaiter TokenBucket::acquire(double n)
{
    if (n > config_.capacity)
        throw std::invalid_argument("TokenBucket: a request larger than the capacity can never be served");
    return Awaiter(*this, n);
}

void TokenBucket::enqueue(TaskState &task, std::coroutine_handle<> h, Awaiter *awaiter)
{
    task.park(h, WaitKind::Queue, awaiter, [](void *a, TaskState &t) { static_cast<Awaiter *>(a)->bucket_.remove(t); });
    waiters_.pushBack(&task);
    if (waiters_.size() == 1)
        scheduleHead();
}

void TokenBucket::remove(TaskState &task)
{
    const bool wasHead = waiters_.front() == &task;
    waiters_.remove(&task);
    if (wasHead) {
        loop_->disarm(headTimer_);
        if (!waiters_.empty())
            scheduleHead();
    }
}

// Arms the timer for the moment the oldest waiter's tokens will be there.
void TokenBucket::scheduleHead()
{
    refill();
    const double need = static_cast<Awaiter *>(waiters_.front()->waitContext())->n_;
    const double missing = std::max(0.0, need - tokens_);
    const auto wait = Duration(std::int64_t(std::ceil(missing / config_.ratePerSecond * 1e9)));
    loop_->arm(headTimer_, loop_->now() + wait);
}

void TokenBucket::serveHead()
{
    refill();
    while (!waiters_.empty()) {
        TaskState *head = waiters_.front();
        const double need = static_cast<Awaiter *>(head->waitContext())->n_;
        if (tokens_ + kEpsilon < need) {
            scheduleHead();
            return;
        }
        take(need);
        waiters_.popFront();
        loop_->wake(*head);
    }
}

SignalSpec bucketTokensSignal(const std::string &name)
{
    return {.id = name + ".tokens", .label = "tokens in the bucket"};
}

} // namespace coro
