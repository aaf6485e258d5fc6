// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// TokenBucket: at most `capacity` tokens, refilled continuously at `ratePerSecond`, starting
// full. acquire(n) waits, in FIFO order, until n tokens are there; tryAcquire(n) never waits.
// A waiter that is cancelled (or times out) leaves the queue and takes nothing. Over any
// window of length w the bucket admits at most capacity + rate * w tokens.
//
// Follows Bucket4j's greedy refill and Guava's RateLimiter in spirit; differs from Guava in
// not borrowing against the future (a request waits for its tokens rather than paying later),
// and is strictly FIFO: a small request never overtakes a large one queued before it.
// The level is recorded on the "<name>.tokens" gauge whenever tokens are taken, and "empty" is
// published the first time the bucket runs dry.
#pragma once

#include "engine/instrument.h"
#include "engine/loop.h"
#include "engine/spec.h"

#include <string>

namespace coro {

struct TokenBucketConfig {
    double ratePerSecond = 10;
    double capacity = 10;
    std::string name = "bucket";
};

class TokenBucket {
public:
    explicit TokenBucket(TokenBucketConfig config);
    ~TokenBucket();
    TokenBucket(const TokenBucket &) = delete;
    TokenBucket &operator=(const TokenBucket &) = delete;

    const TokenBucketConfig &config() const { return config_; }
    std::uint32_t waiting() const { return waiters_.size(); }
    /// Takes n tokens if they are there and nobody is queued; never waits.
    bool tryAcquire(double n = 1);

    class Awaiter final : public Parking {
    public:
        Awaiter(TokenBucket &b, double n) : bucket_(b), n_(n) {}
        bool await_ready() { return cancelPending() || bucket_.tryAcquire(n_); }
        void await_suspend(std::coroutine_handle<> h) { bucket_.enqueue(*task, h, this); }
        void await_resume() { throwIfCancelled(); }

    private:
        friend class TokenBucket;
        TokenBucket &bucket_;
        double n_;
    };
    /// Waits until n tokens are there and takes them (n must not exceed the capacity).
    Awaiter acquire(double n = 1);

private:
    void refill();
    void take(double n);
    void enqueue(TaskState &task, std::coroutine_handle<> h, Awaiter *awaiter);
    void remove(TaskState &task);
    void scheduleHead();
    void serveHead();

    TokenBucketConfig config_;
    double tokens_;
    Time updated_{};
    WaitQueue waiters_;
    struct HeadTimer : TimerNode {
        TokenBucket *bucket = nullptr;
    } headTimer_; // fires when the oldest waiter's tokens are there
    Loop *loop_ = nullptr;
    Instrument instrument_{config_.name};
    Instrument::Gauge level_ = instrument_.gauge("tokens");
    Instrument::Counter admitted_ = instrument_.counter("admitted");
};

/// The "<name>.tokens" gauge: tokens in the bucket.
SignalSpec bucketTokensSignal(const std::string &name);

} // namespace coro
