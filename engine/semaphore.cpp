#include "semaphore.h"

#include <stdexcept>
#include <string>

namespace coro {

Semaphore::Semaphore(std::int64_t permits, std::string_view name) : limit_(permits), available_(permits)
{
    if (permits < 0)
        throw std::invalid_argument("Semaphore: permits must be >= 0");
    name_ = name;
}

void Semaphore::record()
{
    if (name_.empty())
        return;
    // A permit may be released outside a turn (a guard destroyed by the test or the owner):
    // record on the loop that was seen last.
    if (Loop *running = Loop::runningOrNull())
        loop_ = running;
    if (!loop_)
        return;
    Loop &loop = *loop_;
    Recorder &rec = loop.recorder();
    if (inUseGauge_ < 0) {
        inUseGauge_ = rec.gauge(name_ + ".in_use");
        queuedGauge_ = rec.gauge(name_ + ".queued");
    }
    rec.set(inUseGauge_, loop.now(), double(limit_ - available_));
    rec.set(queuedGauge_, loop.now(), double(waiters_.size()));
}

bool Semaphore::tryAcquire()
{
    if (available_ <= 0 || !waiters_.empty())
        return false;
    --available_;
    record();
    return true;
}

void Semaphore::release()
{
    if (TaskState *t = waiters_.popFront()) {
        // The permit passes straight to the oldest waiter; available_ does not change.
        t->loop().wake(*t);
    } else {
        ++available_;
    }
    record();
}

void Semaphore::enqueue(TaskState *t)
{
    waiters_.pushBack(t);
    record();
}

void Semaphore::dequeue(TaskState *t)
{
    waiters_.remove(t);
    record();
}

SignalSpec semaphoreInUseSignal(const std::string &name, std::string label)
{
    return {.id = name + ".in_use", .label = std::move(label)};
}

SignalSpec semaphoreQueuedSignal(const std::string &name, std::string label)
{
    return {.id = name + ".queued", .label = std::move(label)};
}

} // namespace coro
