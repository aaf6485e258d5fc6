// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The virtual-time event loop: a FIFO ready queue plus a timer heap ordered by (due time,
// insertion sequence), after SimPy's Environment and asyncio's BaseEventLoop.
//
// The loop runs in iterations, as asyncio's BaseEventLoop._run_once does: an iteration is the
// entries that were ready when it began, followed by every timer due by then, in due order
// (ties in arming order); whatever they make ready runs in the next iteration. When nothing
// is ready, the clock first advances to the earliest timer. A timer that wakes a task (a
// sleep) makes it ready, as asyncio's sleep sets a future whose task runs one iteration later,
// so tasks woken at the same instant all run before anything they start. One turn (step())
// runs one entry of the current iteration. Wake-ups (a released permit, a set event) always
// go through the ready queue, never by resuming one coroutine from inside another, so stacks
// stay flat and the order is a pure function of the program: same program, same seed, same
// trace.
//
// The loop also models the single thread asyncio runs on. blockLoop(d) is synchronous work on
// that thread: the clock jumps by d while nothing else runs, and every timer that fell due in
// the meantime fires late. That lateness is the loop lag, recorded on the "loop_lag" gauge.
//
// Nothing here reads the wall clock.
#pragma once

#include "errors.h"
#include "spec.h"
#include "recorder.h"
#include "task.h"
#include "time.h"

#include <qcoro/qcorotask.h>

#include <coroutine>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <vector>

namespace coro {

class Loop {
public:
    explicit Loop(RecorderLimits limits = {});
    ~Loop(); // cancels what is still alive, so no coroutine frame outlives the loop
    Loop(const Loop &) = delete;
    Loop &operator=(const Loop &) = delete;

    Time now() const { return now_; }
    Recorder &recorder() { return recorder_; }
    const Recorder &recorder() const { return recorder_; }
    /// Tasks started and woken, plus timers fired that did other work (a breaker's open
    /// timer, a timeout's deadline); a sleep's timer is counted once, as its task's wake-up.
    std::uint64_t events() const { return events_; }
    /// Exceptions raised in the simulation so far (countException()): each costs far more to
    /// compute than an event.
    std::uint64_t exceptions() const { return exceptions_; }
    void noteException() { ++exceptions_; }
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
        auto *state = new detail::SpawnedTask<T, Factory>(std::move(factory));
        TaskHandle<T> task(state);
        adopt(*state, label);
        return task;
    }

    /// Runs one turn. Returns false when nothing is ready and no timer is armed.
    bool step();
    /// Runs every turn due at or before t, then sets the clock to t (if it is not past it).
    void runUntil(Time t);
    void runToEnd();
    bool idle() const { return readyHead_ == ready_.size() && heap_.size() - kRoot == staleEntries_; }
    /// Unfinished tasks.
    std::uint32_t liveTasks() const { return liveCount_; }
    /// Cancels every unfinished task and runs until they have all unwound.
    void cancelAll();

    /// Synchronous work of length d on the loop's thread, from inside a task.
    void blockLoop(Duration d);
    /// Threads beside the loop's that compete with it for an interpreter lock (CPython's
    /// GIL): when the loop thread wakes from its wait at t (a timer due), it must win the lock
    /// back before it runs anything, and runs at lockWon(t) >= t instead. The loop keeps the
    /// lock while it has work ready, and lets go when it waits again. Null: nothing competes.
    class LockContention {
    public:
        virtual Time lockWon(Time wake) = 0;

    protected:
        ~LockContention() = default;
    };
    void setLockContention(LockContention *c) { contention_ = c; }
    LockContention *lockContention() const { return contention_; }
    /// Records every wait still open now as a segment ending now, so that a run stopped with
    /// tasks parked (on a hung service, say) shows what they were waiting on.
    void recordOpenWaits();

    // --- for engine awaitables -------------------------------------------------------
    void post(std::coroutine_handle<> h, TaskState *task);
    /// Ends a parked task's wait and schedules it to resume.
    void wake(TaskState &t)
    {
        t.unpark();
        post(t.parkedHandle(), &t);
    }
    /// prefetch: memory the timer's callback will touch (the frame it resumes), loaded early
    /// while the loop is still busy with the turn before.
    void arm(TimerNode &timer, Time due, const void *prefetch = nullptr);
    void disarm(TimerNode &timer);

private:
    /// A task to resume (a null handle: to start), or, with task null, a due timer moved out
    /// of the heap at the start of an iteration (its heap key, checked again when it runs: a
    /// timer disarmed in between is skipped, as asyncio skips a cancelled handle).
    struct Ready {
        union {
            void *handle;
            std::uint64_t timerKey;
        };
        TaskState *task;
        Time since; ///< when it became ready: how late it runs is loop lag too
    };
    // The heap holds plain entries and never touches the timers while it sifts: an entry
    // names a slot, and is live only while that slot still holds the same arming (seq).
    // Disarmed entries stay behind until they reach the top (as asyncio's cancelled timer
    // handles do) or until they are more than half the heap, when it is rebuilt.
    // 16 bytes, so four siblings share a cache line: the arming sequence number in the high
    // 40 bits of `key` (ties fire in arming order), the slot in the low 24 (so at most 16.7 M
    // timers armed at once).
    struct HeapEntry {
        Time due;
        std::uint64_t key;
        std::uint64_t seq() const { return key >> 24; }
        std::uint32_t slot() const { return std::uint32_t(key & 0xffffff); }
        bool operator<(const HeapEntry &o) const { return due < o.due || (due == o.due && key < o.key); }
    };
    struct Slot {
        TimerNode *node;
        std::uint64_t seq;
        const void *prefetch;
    };
    // Marks a slot whose timer is out of the heap, in the ready queue as a timer entry (a bit of
    // seq, which never reaches it, so that a slot stays 24 bytes).
    static constexpr std::uint64_t kMoved = std::uint64_t(1) << 63;

    void adopt(TaskState &task, TaskLabel label);
    friend class TaskState;
    void taskFinished(TaskState &task);
    void resume(std::coroutine_handle<> h, TaskState *task);
    void finishTask(TaskState &task);
    /// One entry of the current iteration, beginning the next when this one is over; false
    /// when nothing is left, or the next iteration would begin after `limit`.
    bool turn(Time limit);
    /// With entries ready: the timers due by now join the iteration, behind them.
    void beginIteration();
    void runEntry(const Ready &entry);
    /// Pops the heap's top (live) timer and runs its callback now.
    void fireTop();
    /// Pops the heap's top (live) timer, its slot freed.
    TimerNode *popTimer();
    /// Frees an armed timer's slot: the timer is no longer armed. Returns the timer.
    TimerNode *freeSlot(std::uint32_t slot);
    /// The lag of a wake-up due then, served now.
    void recordLagOf(Time due);
    void fire(TimerNode *node, Time due);
    /// When the oldest work not yet run became due: a ready entry, a timer moved into the
    /// iteration, or the heap's top.
    std::optional<Time> oldestWaiting();
    /// The same, if before now.
    std::optional<Time> oldestOverdue();
    bool live(const HeapEntry &e) const { return slots_[e.slot()].seq == e.seq(); }
    void dropStaleTop()
    {
        if (staleEntries_ != 0 && heap_.size() > kRoot && !live(heap_[kRoot])) [[unlikely]]
            dropStaleTopSlow();
    }
    void dropStaleTopSlow();
    void popTop();
    void siftUp(std::uint32_t i);
    void siftDown(std::uint32_t i);
    void recordLag(Duration lag);

    Recorder recorder_;
    std::vector<Ready> ready_; // FIFO: entries before readyHead_ have run
    std::size_t readyHead_ = 0;
    std::size_t iterationEnd_ = 0;    // entries before it belong to the current iteration
    std::vector<Time> movedDues_;     // due times of the timer entries in the ready queue, in order
    std::size_t movedHead_ = 0;
    // Cache-line aligned, with the root at index 3, so each node's four children (4i+4 ...
    // 4i+7 physically) fill exactly one 64-byte line.
    template <typename T>
    struct LineAligned {
        using value_type = T;
        LineAligned() = default;
        template <typename U>
        LineAligned(const LineAligned<U> &) {}
        T *allocate(std::size_t n) { return static_cast<T *>(::operator new(n * sizeof(T), std::align_val_t(64))); }
        void deallocate(T *p, std::size_t) { ::operator delete(p, std::align_val_t(64)); }
        bool operator==(const LineAligned &) const { return true; }
    };
    static constexpr std::uint32_t kRoot = 3;
    std::vector<HeapEntry, LineAligned<HeapEntry>> heap_; // 4-ary min-heap from kRoot
    std::vector<Slot> slots_;
    std::vector<std::uint32_t> freeSlots_;
    std::size_t staleEntries_ = 0;
    TaskState *liveHead_ = nullptr;
    TaskState *current_ = nullptr;
    Loop *outer_ = nullptr; // the loop that was running when this one was entered
    Time now_{};
    Duration lastLag_{};
    LockContention *contention_ = nullptr;
    std::uint64_t timerSeq_ = 0;
    std::uint64_t events_ = 0;
    std::uint64_t exceptions_ = 0;
    std::uint32_t nextTaskId_ = 0;
    std::uint32_t liveCount_ = 0;
    int lagGauge_ = -1;
};

// --- free functions in asyncio's spelling, on the running loop ----------------------------

inline Time now() { return Loop::running().now(); }
inline void blockLoop(Duration d) { Loop::running().blockLoop(d); }
inline TaskState &currentTask() { return *Loop::running().current(); }
/// Records how the running task's work ended (a timeout caught, a refusal) for the timeline.
void markOutcome(TaskOutcome outcome);

template <typename Factory>
auto spawn(TaskLabel label, Factory factory)
{
    return Loop::running().spawn(label, std::move(factory));
}

/// Base of the engine's awaitables. An await checks for a pending cancellation before it
/// suspends (cancelPending() in await_ready) and throws Cancelled after a cancelled wait
/// (throwIfCancelled() first in await_resume). A wait that ended normally never throws, so a
/// granted permit or a received item is not lost to a cancellation that came just after.
class Parking {
protected:
    bool cancelPending()
    {
        task = Loop::running().current();
        if (!task->takeCancel())
            return false;
        task->setWaitCancelled();
        return true;
    }
    void throwIfCancelled()
    {
        if (task->consumeWaitCancelled())
            throw Cancelled();
    }
    TaskState *task = nullptr;
};

template <typename T>
class JoinAwaiter final : public Parking, private DoneListener {
public:
    explicit JoinAwaiter(TaskHandle<T> target) : target_(std::move(target)) {}
    bool await_ready() { return cancelPending() || target_.done(); }
    void await_suspend(std::coroutine_handle<> h)
    {
        task->park(h, WaitKind::Join, this, [](void *self, TaskState &) {
            auto *join = static_cast<JoinAwaiter *>(self);
            join->target_.state().removeDoneListener(join);
        });
        target_.state().addDoneListener(this);
    }
    decltype(auto) await_resume()
    {
        throwIfCancelled();
        return target_.result();
    }

private:
    void taskDone(TaskState &) override { task->loop().wake(*task); }
    TaskHandle<T> target_;
};

/// The "loop_lag" gauge: how late the loop's oldest overdue wake-up is, in seconds.
SignalSpec loopLagSignal();

} // namespace coro
