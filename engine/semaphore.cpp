// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "semaphore.h"

#include <stdexcept>
#include <string>

namespace coro {

Semaphore::Semaphore(std::int64_t permits, std::string_view name)
    : limit_(permits), available_(permits), instrument_(std::string(name))
{
    if (permits < 0)
        throw std::invalid_argument("Semaphore: permits must be >= 0");
}

void Semaphore::record()
{
    if (!instrument_.enabled())
        return;
    instrument_.set(inUseGauge_, double(limit_ - available_));
    instrument_.set(queuedGauge_, double(waiters_.size()));
    if (available_ == 0 && limit_ > 0)
        instrument_.firstTime("saturated");
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
    if (available_ < 0) { // over a lowered limit: this permit goes away
        ++available_;
    } else if (TaskState *t = waiters_.popFront()) {
        // The permit passes straight to the oldest waiter; available_ does not change.
        t->loop().wake(*t);
    } else {
        ++available_;
    }
    record();
}

void Semaphore::setLimit(std::int64_t permits)
{
    if (permits < 0)
        throw std::invalid_argument("Semaphore: permits must be >= 0");
    available_ += permits - limit_;
    limit_ = permits;
    while (available_ > 0) {
        TaskState *t = waiters_.popFront();
        if (!t)
            break;
        --available_;
        t->loop().wake(*t);
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
