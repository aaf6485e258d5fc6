// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// gather(tasks) and gather(tasks, returnExceptions), after asyncio.gather:
// - without returnExceptions, the first task to fail makes gather throw its exception at
//   once; the other tasks are not cancelled and keep running, exactly as asyncio does;
// - with returnExceptions, gather waits for every task and returns each outcome, value or
//   exception, in the order the tasks were given.
// If the task awaiting gather is cancelled, every unfinished task is cancelled (as asyncio).
#pragma once

#include "event.h"

#include <qcoro/qcorotask.h>

#include <exception>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

namespace coro {

struct ReturnExceptions {};
inline constexpr ReturnExceptions returnExceptions{};

/// What a void task gives back.
using Nothing = std::monostate;
template <typename T>
using ValueOf = std::conditional_t<std::is_void_v<T>, Nothing, T>;

/// A finished task's outcome: a value, or the exception it ended with.
template <typename T>
struct Outcome {
    std::optional<ValueOf<T>> value;
    std::exception_ptr error;
    bool ok() const { return !error; }
};

namespace detail {

/// Counts finished tasks and sets an event when the caller should look again.
class GatherWatch {
public:
    GatherWatch(std::size_t n, bool stopOnError) : listeners_(n), remaining_(n), stopOnError_(stopOnError)
    {
        for (auto &l : listeners_)
            l.watch = this;
        if (n == 0)
            event_.set(); // gather() of nothing is an empty result at once, as in asyncio
    }
    ~GatherWatch()
    {
        for (std::size_t i = 0; i < listeners_.size(); ++i)
            if (listeners_[i].task)
                listeners_[i].task->removeDoneListener(&listeners_[i]);
    }
    GatherWatch(const GatherWatch &) = delete;
    GatherWatch &operator=(const GatherWatch &) = delete;

    void watch(std::size_t i, TaskState &task)
    {
        if (task.done()) {
            finished(task);
            return;
        }
        listeners_[i].task = &task;
        task.addDoneListener(&listeners_[i]);
    }
    Event &event() { return event_; }
    std::exception_ptr firstError() const { return firstError_; }

private:
    struct Listener final : DoneListener {
        GatherWatch *watch = nullptr;
        TaskState *task = nullptr;
        void taskDone(TaskState &t) override
        {
            task = nullptr;
            watch->finished(t);
        }
    };
    void finished(TaskState &t)
    {
        --remaining_;
        if (t.error() && !firstError_)
            firstError_ = t.error();
        if (remaining_ == 0 || (stopOnError_ && firstError_))
            event_.set();
    }

    std::vector<Listener> listeners_;
    Event event_;
    std::exception_ptr firstError_;
    std::size_t remaining_;
    bool stopOnError_;
};

template <typename T>
QCoro::Task<void> awaitAll(std::vector<TaskHandle<T>> &tasks, GatherWatch &watch)
{
    for (std::size_t i = 0; i < tasks.size(); ++i)
        watch.watch(i, tasks[i].state());
    try {
        co_await watch.event().wait(WaitKind::Join);
    } catch (const Cancelled &) {
        for (auto &t : tasks)
            t.cancel();
        throw;
    }
}

template <typename T>
ValueOf<T> valueOf(const TaskHandle<T> &task)
{
    if constexpr (std::is_void_v<T>) {
        task.result();
        return Nothing{};
    } else {
        return task.result();
    }
}

} // namespace detail

/// Results in order; throws the first exception as soon as a task fails.
template <typename T>
QCoro::Task<std::vector<ValueOf<T>>> gather(std::vector<TaskHandle<T>> tasks)
{
    detail::GatherWatch watch(tasks.size(), true);
    co_await detail::awaitAll(tasks, watch);
    if (auto error = watch.firstError())
        std::rethrow_exception(error);
    std::vector<ValueOf<T>> values;
    values.reserve(tasks.size());
    for (auto &t : tasks)
        values.push_back(detail::valueOf(t));
    co_return values;
}

/// Every outcome in order, once all tasks have finished.
template <typename T>
QCoro::Task<std::vector<Outcome<T>>> gather(std::vector<TaskHandle<T>> tasks, ReturnExceptions)
{
    detail::GatherWatch watch(tasks.size(), false);
    co_await detail::awaitAll(tasks, watch);
    std::vector<Outcome<T>> outcomes(tasks.size());
    for (std::size_t i = 0; i < tasks.size(); ++i) {
        if (tasks[i].state().error())
            outcomes[i].error = tasks[i].state().error();
        else
            outcomes[i].value = detail::valueOf(tasks[i]);
    }
    co_return outcomes;
}

} // namespace coro
