// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "task_group.h"

namespace coro {

TaskGroup::~TaskGroup()
{
    for (auto &c : children_)
        if (!c->task->done()) {
            c->task->removeDoneListener(c.get());
            c->task->cancel();
        }
}

void TaskGroup::adopt(TaskState &task)
{
    auto child = std::make_unique<Child>();
    child->group = this;
    child->task = TaskRef(task);
    task.addDoneListener(child.get());
    children_.push_back(std::move(child));
    ++running_;
    allDone_.clear();
}

void TaskGroup::childDone(TaskState &task)
{
    --running_;
    if (task.status() == TaskStatus::Failed && !firstError_) {
        firstError_ = task.error();
        cancel();
    }
    if (running_ == 0)
        allDone_.set();
}

void TaskGroup::cancel()
{
    for (auto &c : children_)
        c->task->cancel();
}

QCoro::Task<void> TaskGroup::wait()
{
    bool cancelled = false;
    while (running_ > 0) {
        try {
            co_await allDone_.wait(WaitKind::Join);
        } catch (const Cancelled &) {
            cancelled = true;
            cancel();
        }
    }
    if (cancelled)
        throw Cancelled();
    if (firstError_)
        std::rethrow_exception(firstError_);
}

} // namespace coro
