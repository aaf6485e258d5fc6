// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "task.h"

#include "loop.h"

namespace coro {

const char *waitKindName(WaitKind kind)
{
    switch (kind) {
    case WaitKind::Sleep: return "sleep";
    case WaitKind::Backoff: return "backoff";
    case WaitKind::Io: return "io";
    case WaitKind::Hung: return "hung";
    case WaitKind::Queue: return "queued";
    case WaitKind::Event: return "event";
    case WaitKind::Channel: return "channel";
    case WaitKind::Join: return "join";
    case WaitKind::Cpu: return "cpu";
    case WaitKind::BlockedLoop: return "blocked-loop";
    case WaitKind::Arrival: return "arrival";
    }
    return "?";
}

const char *taskStatusName(TaskStatus status)
{
    switch (status) {
    case TaskStatus::Scheduled: return "scheduled";
    case TaskStatus::Running: return "running";
    case TaskStatus::Waiting: return "waiting";
    case TaskStatus::Done: return "done";
    case TaskStatus::Failed: return "failed";
    case TaskStatus::Cancelled: return "cancelled";
    }
    return "?";
}

void TaskState::wakeOnFire(TimerNode *node)
{
    auto *task = static_cast<TaskState *>(node);
    task->loop_->wake(*task); // as asyncio's sleep: the timer sets a future, the task runs next iteration
}

TaskState::TaskState()
{
    onFire = &wakeOnFire;
}

bool TaskState::cancel()
{
    if (done())
        return false;
    if (detach_) {
        // Resume it from its wait with Cancelled; the wait is consumed here.
        detach_(waitContext_, *this);
        waitCancelled_ = true;
        loop_->wake(*this);
    } else if (woken_ && waitKind_ != WaitKind::Queue && waitKind_ != WaitKind::Channel) {
        // Its wait has ended but it has not run yet: as asyncio (the future is done, the task
        // must cancel), the await that ended throws Cancelled. Not where the wake handed over
        // a permit or an item, which would then be lost: those throw at the next await.
        waitCancelled_ = true;
    } else {
        cancelPending_ = true;
    }
    return true;
}

void TaskState::park(std::coroutine_handle<> h, WaitKind kind, void *context, DetachFn detach)
{
    parkedHandle_ = h;
    waitContext_ = context;
    detach_ = detach;
    waitKind_ = kind;
    status_ = TaskStatus::Waiting;
    segmentStart_ = loop_->now();
}

void TaskState::unpark()
{
    detach_ = nullptr;
    woken_ = true;
    status_ = TaskStatus::Scheduled;
    loop_->recorder().segment(id_, waitKind_, segmentStart_, loop_->now());
}

void TaskState::addDoneListener(DoneListener *listener)
{
    listener->prevListener = nullptr;
    listener->nextListener = listeners_;
    if (listeners_)
        listeners_->prevListener = listener;
    listeners_ = listener;
}

void TaskState::removeDoneListener(DoneListener *listener)
{
    (listener->prevListener ? listener->prevListener->nextListener : listeners_) = listener->nextListener;
    if (listener->nextListener)
        listener->nextListener->prevListener = listener->prevListener;
    listener->prevListener = listener->nextListener = nullptr;
}

void TaskState::finish()
{
    status_ = TaskStatus::Done;
    if (error_) {
        countException(); // the rethrow below costs what a throw does
        try {
            std::rethrow_exception(error_);
        } catch (const Cancelled &) {
            status_ = TaskStatus::Cancelled;
        } catch (...) {
            status_ = TaskStatus::Failed;
        }
    }
    loop_->taskFinished(*this);
    // Listeners were added newest first; tell them oldest first, as asyncio's callbacks run.
    DoneListener *tail = listeners_;
    while (tail && tail->nextListener)
        tail = tail->nextListener;
    while (tail) {
        DoneListener *prev = tail->prevListener;
        removeDoneListener(tail);
        tail->taskDone(*this);
        tail = prev;
    }
}

void TaskState::releaseRef()
{
    if (--refs_ == 0)
        destroy();
}

} // namespace coro
