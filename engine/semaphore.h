// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Semaphore: a counter of permits (asyncio.Semaphore), strictly FIFO among waiters: a release
// hands its permit straight to the oldest waiter, so a newcomer can never overtake the queue.
// A waiter cancelled before it is granted leaves the queue without taking a permit.
//
// Differs from asyncio in one way: acquire() returns a Permit that releases on destruction,
// the C++ spelling of `async with sem:`.
#pragma once

#include "instrument.h"
#include "loop.h"
#include "spec.h"

#include <string>
#include <string_view>

namespace coro {

class Semaphore;

/// One held permit. Releases it when destroyed, unless released (or leaked) before.
class [[nodiscard]] Permit {
public:
    Permit() = default;
    explicit Permit(Semaphore *s) : sem_(s) {}
    Permit(Permit &&o) noexcept : sem_(std::exchange(o.sem_, nullptr)) {}
    Permit &operator=(Permit &&o) noexcept
    {
        if (this != &o) {
            release();
            sem_ = std::exchange(o.sem_, nullptr);
        }
        return *this;
    }
    ~Permit() { release(); }
    void release();
    /// Keeps the permit taken without releasing it; someone else must call Semaphore::release().
    void forget() { sem_ = nullptr; }
    explicit operator bool() const { return sem_ != nullptr; }

private:
    Semaphore *sem_ = nullptr;
};

class Semaphore {
public:
    /// With a name, the semaphore records "<name>.in_use" and "<name>.queued" gauges and
    /// publishes "saturated" the first time every permit is held.
    explicit Semaphore(std::int64_t permits, std::string_view name = {});
    Semaphore(const Semaphore &) = delete;
    Semaphore &operator=(const Semaphore &) = delete;

    std::int64_t available() const { return available_; }
    std::int64_t limit() const { return limit_; }
    std::int64_t inUse() const { return limit_ - available_; }
    std::uint32_t waiting() const { return waiters_.size(); }
    bool tryAcquire();
    void release();
    /// Changes the number of permits (a server's capacity changing mid-run). More permits go at
    /// once to waiters, oldest first; fewer take effect as holders release: until inUse() is
    /// under the new limit, a release hands nothing over.
    void setLimit(std::int64_t permits);

    class Awaiter final : public Parking {
    public:
        explicit Awaiter(Semaphore &s) : sem_(s) {}
        bool await_ready() { return cancelPending() || sem_.tryAcquire(); }
        void await_suspend(std::coroutine_handle<> h)
        {
            task->park(h, WaitKind::Queue, &sem_, [](void *s, TaskState &t) { static_cast<Semaphore *>(s)->dequeue(&t); });
            sem_.enqueue(task);
        }
        Permit await_resume()
        {
            throwIfCancelled();
            return Permit(&sem_);
        }

    private:
        Semaphore &sem_;
    };
    /// Waits for a permit: `auto permit = co_await sem.acquire();`
    Awaiter acquire() { return Awaiter(*this); }

private:
    void enqueue(TaskState *t);
    void dequeue(TaskState *t);
    void record();

    WaitQueue waiters_;
    std::int64_t limit_;
    std::int64_t available_;
    Instrument instrument_;
    Instrument::Gauge inUseGauge_ = instrument_.gauge("in_use");
    Instrument::Gauge queuedGauge_ = instrument_.gauge("queued");
};

inline void Permit::release()
{
    if (sem_)
        std::exchange(sem_, nullptr)->release();
}

/// The gauges of a semaphore named `name`: permits held ("<name>.in_use") and waiters
/// ("<name>.queued"), with the labels a scenario gives them; references are the scenario's.
SignalSpec semaphoreInUseSignal(const std::string &name, std::string label);
SignalSpec semaphoreQueuedSignal(const std::string &name, std::string label);

} // namespace coro
