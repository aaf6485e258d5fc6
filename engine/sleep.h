// sleep(d): suspends the calling task for d of virtual time (asyncio.sleep). sleep(0) still
// yields to the loop once, after everything already ready.
#pragma once

#include "loop.h"

namespace coro {

class SleepAwaiter final : public Parking, private TimerNode {
public:
    SleepAwaiter(Duration d, WaitKind kind) : duration_(d), kind_(kind) {}
    bool await_ready() { return cancelPending(); }
    void await_suspend(std::coroutine_handle<> h)
    {
        park(h, kind_);
        onFire = [](TimerNode *node) {
            auto *self = static_cast<SleepAwaiter *>(node);
            self->task->loop().resumeWaiter(self);
        };
        Loop &loop = task->loop();
        loop.arm(*this, loop.now() + (duration_ > Duration{0} ? duration_ : Duration{0}));
    }
    void await_resume() { throwIfCancelled(); }

private:
    void detach() override { task->loop().disarm(*this); }
    Duration duration_;
    WaitKind kind_;
};

/// Suspends for d. kind names the wait on the timeline (WaitKind::Backoff between retries).
inline SleepAwaiter sleep(Duration d, WaitKind kind = WaitKind::Sleep) { return {d, kind}; }

} // namespace coro
