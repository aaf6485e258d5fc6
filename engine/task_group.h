// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// TaskGroup: structured concurrency after asyncio.TaskGroup and Trio's nursery. Children are
// spawned into the group; the first child that fails (with anything but Cancelled) cancels
// all its siblings; wait() returns when every child has finished and then rethrows that
// first failure. If the task in wait() is cancelled, it cancels the children, still waits for
// them to unwind, and rethrows Cancelled.
//
// Differs from asyncio: the parent is not cancelled when a child fails (it learns at wait()),
// and one exception is rethrown rather than an ExceptionGroup. A group destroyed with children
// still running cancels them.
#pragma once

#include "event.h"

#include <qcoro/qcorotask.h>

#include <exception>
#include <memory>
#include <vector>

namespace coro {

class TaskGroup {
public:
    TaskGroup() = default;
    ~TaskGroup();
    TaskGroup(const TaskGroup &) = delete;
    TaskGroup &operator=(const TaskGroup &) = delete;

    template <typename Factory>
    auto spawn(TaskLabel label, Factory factory)
    {
        auto handle = Loop::running().spawn(label, std::move(factory));
        adopt(handle.state());
        return handle;
    }

    /// Waits for every child; rethrows the first child failure.
    QCoro::Task<void> wait();
    void cancel();
    std::size_t running() const { return running_; }
    std::size_t size() const { return children_.size(); }

private:
    struct Child final : DoneListener {
        TaskGroup *group = nullptr;
        TaskRef task;
        void taskDone(TaskState &t) override { group->childDone(t); }
    };
    void adopt(TaskState &task);
    void childDone(TaskState &task);

    std::vector<std::unique_ptr<Child>> children_;
    Event allDone_;
    std::exception_ptr firstError_;
    std::size_t running_ = 0;
};

} // namespace coro
