// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The bare reference: the least a C++20 coroutine event loop on virtual time can do. A FIFO of
// handles to start, a binary heap of (due, sequence, handle) for sleeps, detached coroutines
// whose frames free themselves; no recorder, no cancellation, no task state. Coroscope's
// benchmarks report their speed as a ratio to it, measured in the same run, with the same
// keyed draws and the same events: task starts plus wake-ups.
#pragma once

#include "engine/random.h"
#include "engine/time.h"

#include <coroutine>
#include <cstdint>
#include <deque>
#include <queue>
#include <vector>

namespace bare {

struct Detached {
    struct promise_type {
        Detached get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    std::coroutine_handle<promise_type> handle;
};

class Loop {
public:
    void start(Detached task) { ready_.push_back(task.handle); }
    coro::Time now() const { return now_; }
    std::uint64_t events() const { return events_; }

    struct Sleep {
        Loop &loop;
        coro::Duration d;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) { loop.timers_.push({loop.now_ + d, loop.seq_++, h}); }
        void await_resume() const noexcept {}
    };
    Sleep sleep(coro::Duration d) { return {*this, d}; }

    /// A FIFO semaphore: a release hands the permit to the longest waiter, through the ready queue.
    struct Semaphore {
        Loop &loop;
        int available;
        std::deque<std::coroutine_handle<>> waiters;
        struct Acquire {
            Semaphore &s;
            bool await_ready() noexcept { return s.available > 0 && (--s.available, true); }
            void await_suspend(std::coroutine_handle<> h) { s.waiters.push_back(h); }
            void await_resume() const noexcept {}
        };
        Acquire acquire() { return {*this}; }
        void release()
        {
            if (waiters.empty()) {
                ++available;
                return;
            }
            loop.ready_.push_back(waiters.front());
            waiters.pop_front();
        }
    };

    void run()
    {
        for (;;) {
            if (!ready_.empty()) {
                const auto h = ready_.front();
                ready_.pop_front();
                ++events_;
                h.resume();
            } else if (!timers_.empty()) {
                const Timer t = timers_.top();
                timers_.pop();
                now_ = t.due;
                ++events_;
                t.handle.resume();
            } else {
                return;
            }
        }
    }

private:
    friend struct Semaphore;
    struct Timer {
        coro::Time due;
        std::uint64_t seq;
        std::coroutine_handle<> handle;
        bool operator>(const Timer &o) const { return due > o.due || (due == o.due && seq > o.seq); }
    };
    std::deque<std::coroutine_handle<>> ready_;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
    coro::Time now_{};
    std::uint64_t seq_ = 0;
    std::uint64_t events_ = 0;
};

/// The sleep storm on the bare loop: the same draws as the engine's (stream 1, task, sleep).
inline Detached sleeper(Loop &loop, const coro::KeyedRandom &random, const coro::Distribution &d, std::int64_t task, int sleeps)
{
    for (int k = 0; k < sleeps; ++k)
        co_await loop.sleep(d.sample(random, {1, std::uint64_t(task), std::uint64_t(k)}));
}

inline std::uint64_t sleepStorm(std::int64_t tasks, int sleeps)
{
    const coro::KeyedRandom random(1);
    const auto d = coro::Distribution::exponential(std::chrono::milliseconds(10));
    Loop loop;
    for (std::int64_t t = 0; t < tasks; ++t)
        loop.start(sleeper(loop, random, d, t, sleeps));
    loop.run();
    return loop.events();
}

/// M/M/c on the bare loop: the same arrivals (stream 1) and service times (stream 2) as the
/// engine's tests/mmc_workload.h.
inline Detached mmcCustomer(Loop &loop, Loop::Semaphore &servers, coro::Duration service, double &totalWait)
{
    const coro::Time arrived = loop.now();
    co_await servers.acquire();
    totalWait += coro::toSeconds(loop.now() - arrived);
    co_await loop.sleep(service);
    servers.release();
}

inline Detached mmcArrivals(Loop &loop, Loop::Semaphore &servers, double arrivalRate, double serviceRate,
                            std::uint64_t customers, double &totalWait)
{
    const coro::KeyedRandom random(1);
    const auto gap = coro::Distribution::exponential(coro::fromSeconds(1.0 / arrivalRate));
    const auto work = coro::Distribution::exponential(coro::fromSeconds(1.0 / serviceRate));
    for (std::uint64_t i = 0; i < customers; ++i) {
        co_await loop.sleep(gap.sample(random, {1, i, 0}));
        loop.start(mmcCustomer(loop, servers, work.sample(random, {2, i, 0}), totalWait));
    }
}

struct MmcResult {
    double meanWaitSeconds;
    std::uint64_t events;
};

inline MmcResult mmc(int servers, double arrivalRate, double serviceRate, std::uint64_t customers)
{
    Loop loop;
    Loop::Semaphore permits{loop, servers, {}};
    double totalWait = 0;
    loop.start(mmcArrivals(loop, permits, arrivalRate, serviceRate, customers, totalWait));
    loop.run();
    return {totalWait / double(customers), loop.events()};
}

} // namespace bare
