// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Spawned tasks: the engine's counterpart of asyncio.Task.
//
// spawn() keeps the factory and the QCoro::Task<T> it returns in the task's state (status, what
// it waits on, result or exception, who awaits it). The factory is called on the loop's next
// turn, inside the new task, like asyncio.create_task; the state is freed when the task has
// finished and the last TaskHandle to it is gone.
//
// Cancellation follows asyncio: cancel() resumes the task from the engine awaitable it is
// suspended on by throwing Cancelled there; a task that is not suspended on one gets the
// Cancelled at its next engine await. A cancellation is consumed when it is thrown, so a task
// that catches Cancelled and carries on is not cancelled again.
#pragma once

#include "time.h"
#include "waiter.h"

#include <qcoro/qcorotask.h>

#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace coro {

class Loop;
class TaskState;

enum class TaskStatus : std::uint8_t {
    Scheduled, ///< spawned, not started yet
    Running,
    Waiting,   ///< suspended on an engine awaitable (see waitingOn())
    Done,
    Failed,
    Cancelled,
};

const char *taskStatusName(TaskStatus status);

/// Told once when a task finishes. Intrusive: a listener is in at most one task's list.
class DoneListener {
public:
    virtual void taskDone(TaskState &task) = 0;
    DoneListener *prevListener = nullptr;
    DoneListener *nextListener = nullptr;

protected:
    ~DoneListener() = default;
};

/// A task's name on the timeline: a static name plus an optional item number ("fetch #12").
struct TaskLabel {
    TaskLabel(const char *n) : name(n) {} // NOLINT: a literal is the common case
    TaskLabel(const char *n, std::int64_t i) : name(n), index(i) {}
    const char *name;        ///< must outlive the run (a string literal)
    std::int64_t index = -1; ///< -1: no number
};

class TaskState : private TimerNode {
public:
    TaskState();
    /// What a task's own timer (a sleep) does when it fires: wakes the task.
    static void wakeOnFire(TimerNode *node);
    TaskState(const TaskState &) = delete;
    TaskState &operator=(const TaskState &) = delete;

    std::uint32_t id() const { return id_; }
    TaskStatus status() const { return status_; }
    bool done() const { return status_ >= TaskStatus::Done; }
    /// Meaningful while status() is Waiting.
    WaitKind waitingOn() const { return waitKind_; }
    /// When the current wait began (meaningful while the status is Waiting).
    Time waitingSince() const { return segmentStart_; }
    /// Failed or cancelled: the exception that ended the task.
    std::exception_ptr error() const { return error_; }

    /// Requests cancellation. Returns false if the task had already finished.
    bool cancel();

    void addDoneListener(DoneListener *listener);
    void retain() { ++refs_; }
    void release() { releaseRef(); }
    void removeDoneListener(DoneListener *listener);

    // --- for engine awaitables -------------------------------------------------------
    Loop &loop() const { return *loop_; }
    /// Consumes a pending cancellation; true if there was one (the caller then throws).
    bool takeCancel()
    {
        const bool pending = cancelPending_;
        cancelPending_ = false;
        return pending;
    }
    /// Withdraws a cancellation this code requested itself (asyncio's uncancel()).
    void uncancel() { cancelPending_ = false; }
    /// How to withdraw a wait when the task is cancelled: remove it from its queue.
    using DetachFn = void (*)(void *context, TaskState &task);
    /// Parks the task: h resumes when the wait ends. context is given back to detach and is
    /// what waitContext() returns while parked (awaiters keep their own data there).
    void park(std::coroutine_handle<> h, WaitKind kind, void *context, DetachFn detach);
    /// Ends the wait (records its segment); the caller resumes or posts parkedHandle().
    void unpark();
    std::coroutine_handle<> parkedHandle() const { return parkedHandle_; }
    void *waitContext() const { return waitContext_; }
    /// The timer a task's own sleeps use (a task sleeps on one thing at a time).
    TimerNode &sleepTimer() { return *this; }
    /// Marks the current await as ended by cancellation.
    void setWaitCancelled() { waitCancelled_ = true; }
    /// True once after an await that ended by cancellation.
    bool consumeWaitCancelled()
    {
        const bool c = waitCancelled_;
        waitCancelled_ = false;
        return c;
    }

protected:
    friend class Loop;
    void finish();
    void releaseRef();
    /// Calls the factory inside the task (its first turn).
    virtual void start() = 0;
    /// Started and its root coroutine has run to its end.
    virtual bool rootDone() const = 0;
    /// Takes the root's result or exception and frees its frame.
    virtual void collect() = 0;
    virtual void destroy() = 0;

    friend class WaitQueue;
    Loop *loop_ = nullptr;
    std::coroutine_handle<> parkedHandle_;
    void *waitContext_ = nullptr;
    DetachFn detach_ = nullptr; // non-null while parked
    TaskState *prevWaiter_ = nullptr; // links in the WaitQueue the task is parked in
    TaskState *nextWaiter_ = nullptr;
    DoneListener *listeners_ = nullptr;
    TaskState *prevLive_ = nullptr; // the loop's list of unfinished tasks
    TaskState *nextLive_ = nullptr;
    std::exception_ptr error_;
    Time segmentStart_{};
    std::uint32_t id_ = 0;
    std::uint32_t refs_ = 1; // the loop's own reference, dropped when the task finishes
    TaskStatus status_ = TaskStatus::Scheduled;
    WaitKind waitKind_ = WaitKind::Sleep;
    bool cancelPending_ = false;
    bool waitCancelled_ = false;
    bool woken_ = false; // its wait ended; it has not resumed yet

    virtual ~TaskState() = default;
};

/// Intrusive FIFO of parked tasks, for the primitives' wait queues. Does not own them.
class WaitQueue {
public:
    bool empty() const { return head_ == nullptr; }
    std::uint32_t size() const { return size_; }
    TaskState *front() const { return head_; }

    void pushBack(TaskState *t)
    {
        t->prevWaiter_ = tail_;
        t->nextWaiter_ = nullptr;
        (tail_ ? tail_->nextWaiter_ : head_) = t;
        tail_ = t;
        ++size_;
    }
    TaskState *popFront()
    {
        TaskState *t = head_;
        if (t)
            remove(t);
        return t;
    }
    void remove(TaskState *t)
    {
        (t->prevWaiter_ ? t->prevWaiter_->nextWaiter_ : head_) = t->nextWaiter_;
        (t->nextWaiter_ ? t->nextWaiter_->prevWaiter_ : tail_) = t->prevWaiter_;
        t->prevWaiter_ = t->nextWaiter_ = nullptr;
        --size_;
    }

private:
    TaskState *head_ = nullptr;
    TaskState *tail_ = nullptr;
    std::uint32_t size_ = 0;
};

namespace detail {

/// The typed half of a task's state: where its result lands.
template <typename T>
class TypedTaskState : public TaskState {
public:
    std::optional<T> value;
};
template <>
class TypedTaskState<void> : public TaskState {};

/// A task's whole state: the factory (kept alive, since a coroutine lambda's captures live in
/// it), the root QCoro::Task it returned, and the result. No extra coroutine frame: the loop
/// notices that the root has finished when control comes back to it after a resume.
template <typename T, typename Factory>
class SpawnedTask final : public TypedTaskState<T> {
public:
    explicit SpawnedTask(Factory f) : factory_(std::move(f)) {}

private:
    void start() override { root_ = factory_(); }
    bool rootDone() const override { return root_.isReady(); }
    void collect() override
    {
        auto awaiter = root_.operator co_await();
        try {
            if constexpr (std::is_void_v<T>)
                awaiter.await_resume();
            else
                this->value.emplace(awaiter.await_resume());
        } catch (...) {
            this->error_ = std::current_exception();
        }
        root_ = QCoro::Task<T>(); // frees the finished coroutine frame
    }
    void destroy() override { delete this; }

    Factory factory_;
    QCoro::Task<T> root_;
};

} // namespace detail

/// An untyped counted reference to a task, for collections of tasks of mixed result types.
class TaskRef {
public:
    TaskRef() = default;
    explicit TaskRef(TaskState &s) : s_(&s) { s_->retain(); }
    TaskRef(const TaskRef &o) : s_(o.s_) { if (s_) s_->retain(); }
    TaskRef(TaskRef &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    TaskRef &operator=(TaskRef o) noexcept { std::swap(s_, o.s_); return *this; }
    ~TaskRef() { if (s_) s_->release(); }
    TaskState *operator->() const { return s_; }
    TaskState &operator*() const { return *s_; }

private:
    TaskState *s_ = nullptr;
};

/// Awaits a task's end from another task; resumes with its result or rethrows its exception.
template <typename T>
class JoinAwaiter;

/// A shared, counted reference to a spawned task. Copy freely; the task lives while it runs
/// or while any handle refers to it.
template <typename T>
class TaskHandle {
public:
    TaskHandle() = default;
    explicit TaskHandle(detail::TypedTaskState<T> *p) : p_(p) { p_->retain(); }
    TaskHandle(const TaskHandle &o) : p_(o.p_) { if (p_) p_->retain(); }
    TaskHandle(TaskHandle &&o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
    TaskHandle &operator=(TaskHandle o) noexcept { std::swap(p_, o.p_); return *this; }
    ~TaskHandle() { if (p_) p_->release(); }

    explicit operator bool() const { return p_ != nullptr; }
    TaskState &state() const { return *p_; }
    TaskStatus status() const { return p_->status(); }
    bool done() const { return p_->done(); }
    bool cancel() const { return p_->cancel(); }

    /// The result of a finished task; rethrows if it failed or was cancelled.
    decltype(auto) result() const
    {
        if (p_->error())
            std::rethrow_exception(p_->error());
        if constexpr (!std::is_void_v<T>)
            return (*p_->value);
    }

    JoinAwaiter<T> operator co_await() const { return JoinAwaiter<T>(*this); }

private:
    detail::TypedTaskState<T> *p_ = nullptr;
};

} // namespace coro
