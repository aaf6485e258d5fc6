// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// sleep(d): suspends the calling task for d of virtual time (asyncio.sleep). sleep(0) still
// yields to the loop once, after everything already ready.
#pragma once

#include "loop.h"

namespace coro {

class SleepAwaiter final : public Parking {
public:
    SleepAwaiter(Duration d, WaitKind kind) : duration_(d), kind_(kind) {}
    bool await_ready() { return cancelPending(); }
    void await_suspend(std::coroutine_handle<> h)
    {
        Loop &loop = task->loop();
        task->park(h, kind_, &loop, [](void *loop, TaskState &t) { static_cast<Loop *>(loop)->disarm(t.sleepTimer()); });
        loop.arm(task->sleepTimer(), loop.now() + (duration_ > Duration{0} ? duration_ : Duration{0}), h.address());
    }
    void await_resume() { throwIfCancelled(); }

private:
    Duration duration_;
    WaitKind kind_;
};

/// Suspends for d. kind names the wait on the timeline (WaitKind::Backoff between retries).
inline SleepAwaiter sleep(Duration d, WaitKind kind = WaitKind::Sleep) { return {d, kind}; }

} // namespace coro
