// The virtual-time event loop: a FIFO ready queue plus a timer heap ordered by (due time,
// insertion sequence), after SimPy's Environment and asyncio's BaseEventLoop.
//
// One turn (step()) runs the oldest ready entry; when none is ready, it advances the clock to
// the earliest timer and fires it. Wake-ups (a released permit, a set event) always go through
// the ready queue, never by resuming one coroutine from inside another, so stacks stay flat
// and the order is a pure function of the program: same program, same seed, same trace.
//
// The loop also models the single thread asyncio runs on. blockLoop(d) is synchronous work on
// that thread: the clock jumps by d while nothing else runs, and every timer that fell due in
// the meantime fires late. That lateness is the loop lag, recorded on the "loop_lag" gauge.
//
// Nothing here reads the wall clock.
#pragma once

#include "errors.h"
#include "recorder.h"
#include "task.h"
#include "time.h"

#include <qcoro/qcorotask.h>

#include <coroutine>
#include <cstdint>
#include <type_traits>
#include <vector>

namespace coro {

/// A timer in the loop's heap. The owner keeps it alive while armed; disarm() removes it.
class TimerNode {
public:
    bool armed() const { return heapIndex != kNotArmed; }
    Time due() const { return due_; }

    /// Called by the loop when the timer fires (it is already disarmed).
    void (*onFire)(TimerNode *self) = nullptr;

private:
    friend class Loop;
    static constexpr std::uint32_t kNotArmed = 0xffffffffu;
    Time due_{};
    std::uint32_t heapIndex = kNotArmed;
};

class Loop {
public:
    explicit Loop(RecorderLimits limits = {});
    ~Loop(); // cancels what is still alive, so no coroutine frame outlives the loop
    Loop(const Loop &) = delete;
    Loop &operator=(const Loop &) = delete;

    Time now() const { return now_; }
    Recorder &recorder() { return recorder_; }
    const Recorder &recorder() const { return recorder_; }
    /// Ready-queue entries run plus timers fired so far.
    std::uint64_t events() const { return events_; }
    /// The task whose code is running right now, or nullptr between turns.
    TaskState *current() const { return current_; }
    /// The loop whose run*() or step() is on the stack (asyncio's get_running_loop()).
    static Loop &running();
    /// The running loop, or nullptr outside the loop's turns.
    static Loop *runningOrNull();

    /// Creates a task running factory() from the loop's next turn on. factory is called once,
    /// inside the new task, and returns a QCoro::Task<T>.
    template <typename Factory>
    auto spawn(TaskLabel label, Factory factory)
    {
        using T = typename std::invoke_result_t<Factory &>::value_type;
        auto handle = detail::runSpawned<T>(std::move(factory)).handle;
        TaskHandle<T> task(&handle.promise());
        adopt(handle.promise(), label, handle);
        return task;
    }

    /// Runs one turn. Returns false when nothing is ready and no timer is armed.
    bool step();
    /// Runs every turn due at or before t, then sets the clock to t (if it is not past it).
    void runUntil(Time t);
    void runToEnd();
    bool idle() const { return readyHead_ == ready_.size() && heap_.empty(); }
    /// Unfinished tasks.
    std::uint32_t liveTasks() const { return liveCount_; }
    /// Cancels every unfinished task and runs until they have all unwound.
    void cancelAll();

    /// Synchronous work of length d on the loop's thread, from inside a task.
    void blockLoop(Duration d);

    // --- for engine awaitables -------------------------------------------------------
    void post(std::coroutine_handle<> h, TaskState *task);
    /// Ends the waiter's wait and schedules its task to resume.
    void wake(Waiter *w)
    {
        w->task->unpark();
        post(w->handle, w->task);
    }
    /// From a timer callback only: ends the waiter's wait and runs its task now.
    void resumeWaiter(Waiter *w)
    {
        w->task->unpark();
        resume(w->handle, w->task);
    }
    void arm(TimerNode &timer, Time due);
    void disarm(TimerNode &timer);

private:
    struct Ready {
        std::coroutine_handle<> handle;
        TaskState *task;
    };
    struct HeapEntry {
        Time due;
        std::uint64_t seq;
        TimerNode *node;
        bool operator<(const HeapEntry &o) const { return due < o.due || (due == o.due && seq < o.seq); }
    };

    void adopt(TaskState &task, TaskLabel label, std::coroutine_handle<> start);
    friend class TaskState;
    void taskFinished(TaskState &task);
    void resume(std::coroutine_handle<> h, TaskState *task);
    void fireTimer();
    void siftUp(std::uint32_t i);
    void siftDown(std::uint32_t i);
    void place(std::uint32_t i, const HeapEntry &e);
    void recordLag(Duration lag);

    Recorder recorder_;
    std::vector<Ready> ready_; // FIFO: entries before readyHead_ have run
    std::size_t readyHead_ = 0;
    std::vector<HeapEntry> heap_; // 4-ary min-heap
    TaskState *liveHead_ = nullptr;
    TaskState *current_ = nullptr;
    Loop *outer_ = nullptr; // the loop that was running when this one was entered
    Time now_{};
    Duration lastLag_{};
    std::uint64_t timerSeq_ = 0;
    std::uint64_t events_ = 0;
    std::uint32_t nextTaskId_ = 0;
    std::uint32_t liveCount_ = 0;
    int lagGauge_ = -1;
};

// --- free functions in asyncio's spelling, on the running loop ----------------------------

inline Time now() { return Loop::running().now(); }
inline void blockLoop(Duration d) { Loop::running().blockLoop(d); }
inline TaskState &currentTask() { return *Loop::running().current(); }

template <typename Factory>
auto spawn(TaskLabel label, Factory factory)
{
    return Loop::running().spawn(label, std::move(factory));
}

/// Base of the engine's awaitables. An await checks for a pending cancellation before it
/// suspends (cancelPending() in await_ready) and throws Cancelled after a cancelled wait
/// (throwIfCancelled() first in await_resume). A wait that ended normally never throws, so a
/// granted permit or a received item is not lost to a cancellation that came just after.
class Parking : public Waiter {
protected:
    bool cancelPending()
    {
        task = Loop::running().current();
        cancelled = task->takeCancel();
        return cancelled;
    }
    void park(std::coroutine_handle<> h, WaitKind kind)
    {
        handle = h;
        task->park(this, kind);
    }
    void throwIfCancelled()
    {
        if (cancelled) {
            cancelled = false;
            throw Cancelled();
        }
    }
};

template <typename T>
class JoinAwaiter final : public Parking, private DoneListener {
public:
    explicit JoinAwaiter(TaskHandle<T> target) : target_(std::move(target)) {}
    bool await_ready() { return cancelPending() || target_.done(); }
    void await_suspend(std::coroutine_handle<> h)
    {
        park(h, WaitKind::Join);
        target_.state().addDoneListener(this);
    }
    decltype(auto) await_resume()
    {
        throwIfCancelled();
        return target_.result();
    }

private:
    void taskDone(TaskState &) override { task->loop().wake(this); }
    void detach() override { target_.state().removeDoneListener(this); }
    TaskHandle<T> target_;
};

} // namespace coro
