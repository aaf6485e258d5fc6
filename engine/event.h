// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Event: a flag tasks can wait for (asyncio.Event). set() wakes every waiter, in the order
// they started waiting; wait() on a set event does not suspend.
#pragma once

#include "loop.h"

namespace coro {

class Event {
public:
    Event() = default;
    Event(const Event &) = delete;
    Event &operator=(const Event &) = delete;

    bool isSet() const { return set_; }
    void set()
    {
        if (set_)
            return;
        set_ = true;
        while (TaskState *t = waiters_.popFront())
            t->loop().wake(*t);
    }
    void clear() { set_ = false; }
    std::uint32_t waiting() const { return waiters_.size(); }

    class Awaiter final : public Parking {
    public:
        Awaiter(Event &e, WaitKind kind) : event_(e), kind_(kind) {}
        bool await_ready() { return cancelPending() || event_.set_; }
        void await_suspend(std::coroutine_handle<> h)
        {
            task->park(h, kind_, &event_, [](void *e, TaskState &t) { static_cast<Event *>(e)->waiters_.remove(&t); });
            event_.waiters_.pushBack(task);
        }
        void await_resume() { throwIfCancelled(); }

    private:
        Event &event_;
        WaitKind kind_;
    };
    /// Waits until set. kind names the wait on the timeline.
    Awaiter wait(WaitKind kind = WaitKind::Event) { return Awaiter(*this, kind); }

private:
    WaitQueue waiters_;
    bool set_ = false;
};

} // namespace coro
