// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// timeout(d, work): runs work in the calling task and gives up after d of virtual time,
// following asyncio.timeout() (Python 3.11): when the deadline passes, the task is cancelled
// where it waits inside work, so every destructor and catch block in work runs, and the
// Cancelled that comes out is turned into TimeoutError. A deadline that passes while work is
// finishing without another await is withdrawn (asyncio's uncancel()).
#pragma once

#include "loop.h"

#include <qcoro/qcorotask.h>

namespace coro {

namespace detail {
class Deadline : private TimerNode {
public:
    Deadline(TaskState &task, Duration d) : task_(task)
    {
        onFire = [](TimerNode *node) {
            auto *self = static_cast<Deadline *>(node);
            self->expired_ = true;
            self->task_.cancel();
        };
        task.loop().arm(*this, task.loop().now() + (d > Duration{0} ? d : Duration{0}));
    }
    ~Deadline() { task_.loop().disarm(*this); }
    Deadline(const Deadline &) = delete;
    Deadline &operator=(const Deadline &) = delete;
    bool expired() const { return expired_; }
    /// After work returned normally: drop a cancellation the deadline requested.
    void settle()
    {
        if (expired_)
            task_.uncancel();
    }

private:
    TaskState &task_;
    bool expired_ = false;
};
} // namespace detail

template <typename T>
QCoro::Task<T> timeout(Duration d, QCoro::Task<T> work)
{
    detail::Deadline deadline(currentTask(), d);
    try {
        if constexpr (std::is_void_v<T>) {
            co_await std::move(work);
            deadline.settle();
        } else {
            T value = co_await std::move(work);
            deadline.settle();
            co_return value;
        }
    } catch (const Cancelled &) {
        if (deadline.expired())
            throw TimeoutError();
        throw;
    }
}

} // namespace coro
