// Spawned tasks: the engine's counterpart of asyncio.Task.
//
// spawn() wraps a QCoro::Task<T> in a small runner coroutine whose promise is the task's
// state (status, what it waits on, result or exception, who awaits it). The runner starts on
// the loop's next turn, like asyncio.create_task, and is freed when it has finished and the
// last TaskHandle to it is gone.
//
// Cancellation follows asyncio: cancel() resumes the task from the engine awaitable it is
// suspended on by throwing Cancelled there; a task that is not suspended on one gets the
// Cancelled at its next engine await. A cancellation is consumed when it is thrown, so a task
// that catches Cancelled and carries on is not cancelled again.
#pragma once

#include "time.h"
#include "waiter.h"

#include <coroutine>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>

namespace coro {

class Loop;

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

class TaskState {
public:
    TaskState() = default;
    TaskState(const TaskState &) = delete;
    TaskState &operator=(const TaskState &) = delete;

    std::uint32_t id() const { return id_; }
    TaskStatus status() const { return status_; }
    bool done() const { return status_ >= TaskStatus::Done; }
    /// Meaningful while status() is Waiting.
    WaitKind waitingOn() const { return waitKind_; }
    /// Failed or cancelled: the exception that ended the task.
    std::exception_ptr error() const { return error_; }
    bool cancelRequested() const { return cancelPending_; }

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
    void park(Waiter *waiter, WaitKind kind);
    void unpark();

protected:
    friend class Loop;
    void finish(std::exception_ptr error);
    void releaseRef();
    virtual void destroyFrame() = 0;

    Loop *loop_ = nullptr;
    Waiter *parkedOn_ = nullptr;
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

    ~TaskState() = default;
};

namespace detail {

template <typename T>
struct ValueSlot {
    std::optional<T> value;
    template <typename U>
    void return_value(U &&v) { value.emplace(std::forward<U>(v)); }
};
template <>
struct ValueSlot<void> {
    void return_void() {}
};

template <typename T>
class SpawnedPromise;

template <typename T>
struct Spawned {
    using promise_type = SpawnedPromise<T>;
    std::coroutine_handle<promise_type> handle;
};

template <typename T>
class SpawnedPromise final : public TaskState, public ValueSlot<T> {
public:
    Spawned<T> get_return_object() { return {std::coroutine_handle<SpawnedPromise>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    void unhandled_exception() { error_ = std::current_exception(); }

    struct FinalAwaiter {
        bool await_ready() noexcept { return false; }
        void await_suspend(std::coroutine_handle<SpawnedPromise> h) noexcept
        {
            auto &promise = h.promise();
            promise.finish(promise.error_);
            promise.releaseRef(); // may destroy the frame: touch nothing after this
        }
        void await_resume() noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }

private:
    void destroyFrame() override { std::coroutine_handle<SpawnedPromise>::from_promise(*this).destroy(); }
};

/// Starts the user's coroutine only when the loop first resumes this runner, so the work is
/// attributed to its own task and begins on the loop's next turn.
void throwIfCancelledBeforeStart(); // as asyncio: a task cancelled before it starts never runs

template <typename T, typename Factory>
Spawned<T> runSpawned(Factory factory)
{
    throwIfCancelledBeforeStart();
    if constexpr (std::is_void_v<T>)
        co_await factory();
    else
        co_return co_await factory();
}

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
    explicit TaskHandle(detail::SpawnedPromise<T> *p) : p_(p) { p_->retain(); }
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
    detail::SpawnedPromise<T> *p_ = nullptr;
};

} // namespace coro
