// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// What a task can wait on, and the timer node the loop's heap refers to. The per-wait record
// itself (which coroutine to resume, queue links, how to withdraw) lives in the task: a task
// waits on one thing at a time, so awaiters stay a few words and coroutine frames stay small.
#pragma once

#include <cstdint>

namespace coro {

/// What a task is waiting on; drives the timeline colours and the trace categories.
enum class WaitKind : std::uint8_t {
    Sleep,       ///< sleep(d)
    Backoff,     ///< a sleep between retry attempts
    Io,          ///< a call to a simulated service
    Hung,        ///< a call to a service that does not answer (an outage that hangs)
    Queue,       ///< a permit: semaphore, limiter, token bucket, pool, executor worker
    Event,       ///< Event::wait()
    Channel,     ///< Channel send/receive
    Join,        ///< awaiting another task, gather or a task group
    Cpu,         ///< running on an executor worker
    BlockedLoop, ///< synchronous work on the loop thread (blockLoop)
    Arrival,     ///< the workload's next arrival: the world's pacing, not the program's own wait
};

const char *waitKindName(WaitKind kind);

/// A timer in the loop's heap. The owner keeps it alive while armed; Loop::disarm() withdraws it.
class TimerNode {
public:
    bool armed() const { return slot_ != kNotArmed; }

    /// Called by the loop when the timer fires (it is already disarmed).
    void (*onFire)(TimerNode *self) = nullptr;

private:
    friend class Loop;
    static constexpr std::uint32_t kNotArmed = 0xffffffffu;
    std::uint32_t slot_ = kNotArmed;
};

} // namespace coro
