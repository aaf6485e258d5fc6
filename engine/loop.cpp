// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "loop.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

namespace coro {

namespace {
thread_local Loop *tlsRunning = nullptr;

// Makes `loop` the running loop for the duration of a turn, restoring the previous one.
class Entered {
public:
    explicit Entered(Loop *loop) : previous_(std::exchange(tlsRunning, loop)) {}
    ~Entered() { tlsRunning = previous_; }
    Entered(const Entered &) = delete;
    Entered &operator=(const Entered &) = delete;

private:
    Loop *previous_;
};
} // namespace

Loop::Loop(RecorderLimits limits) : recorder_(limits)
{
    lagGauge_ = recorder_.gauge("loop_lag");
    ready_.reserve(256);
    heap_.reserve(256);
    heap_.resize(kRoot); // padding before the root: see heap_
}

Loop::~Loop()
{
    cancelAll();
}

Loop &Loop::running()
{
    if (!tlsRunning)
        throw std::logic_error("no coroutine loop is running on this thread");
    return *tlsRunning;
}

Loop *Loop::runningOrNull()
{
    return tlsRunning;
}

void Loop::adopt(TaskState &task, TaskLabel label)
{
    task.loop_ = this;
    task.id_ = nextTaskId_++;
    task.nextLive_ = liveHead_;
    if (liveHead_)
        liveHead_->prevLive_ = &task;
    liveHead_ = &task;
    ++liveCount_;
    recorder_.taskStarted(task.id_, label, now_);
    post(nullptr, &task); // a null handle means: start the task
}

void Loop::taskFinished(TaskState &task)
{
    (task.prevLive_ ? task.prevLive_->nextLive_ : liveHead_) = task.nextLive_;
    if (task.nextLive_)
        task.nextLive_->prevLive_ = task.prevLive_;
    task.prevLive_ = task.nextLive_ = nullptr;
    --liveCount_;
    recorder_.taskEnded(task.id_, now_, task.status_);
}

void Loop::post(std::coroutine_handle<> h, TaskState *task)
{
    if (readyHead_ == ready_.size()) {
        if (ready_.capacity() > (1u << 16)) // a burst is over: give its memory back
            ready_ = std::vector<Ready>();
        ready_.clear();
        readyHead_ = iterationEnd_ = 0;
    } else if (readyHead_ > 4096 && readyHead_ * 2 > ready_.size()) {
        ready_.erase(ready_.begin(), ready_.begin() + std::ptrdiff_t(readyHead_));
        iterationEnd_ -= readyHead_;
        readyHead_ = 0;
    }
    Ready entry;
    entry.handle = h.address();
    entry.task = task;
    entry.since = now_;
    ready_.push_back(entry);
}

void Loop::resume(std::coroutine_handle<> h, TaskState *task)
{
    current_ = task;
    task->status_ = TaskStatus::Running;
    task->woken_ = false;
    if (h) {
        h.resume();
    } else if (task->takeCancel()) {
        task->error_ = std::make_exception_ptr(Cancelled()); // as asyncio: cancelled before it ran
        finishTask(*task);
        current_ = nullptr;
        return;
    } else {
        try {
            task->start();
        } catch (...) { // the factory itself threw before any coroutine existed
            task->error_ = std::current_exception();
            finishTask(*task);
            current_ = nullptr;
            return;
        }
    }
    if (task->rootDone()) {
        task->collect();
        finishTask(*task);
    } else if (task->status_ == TaskStatus::Running) {
        task->status_ = TaskStatus::Scheduled; // suspended on something that is not the engine's
    }
    current_ = nullptr;
}

void Loop::finishTask(TaskState &task)
{
    task.finish();
    task.releaseRef(); // the loop's own reference; may free the task
}

inline TimerNode *Loop::freeSlot(std::uint32_t slot)
{
    TimerNode *node = slots_[slot].node;
    slots_[slot] = {nullptr, ~std::uint64_t(0), nullptr};
    freeSlots_.push_back(slot);
    node->slot_ = TimerNode::kNotArmed;
    return node;
}

inline TimerNode *Loop::popTimer()
{
    const HeapEntry top = heap_[kRoot];
    popTop();
    TimerNode *node = freeSlot(top.slot());
    if (!(heap_.size() == kRoot)) {
        // The next timer's task and frame are cold in a big run: start loading them now.
        const Slot &next = slots_[heap_[kRoot].slot()];
        __builtin_prefetch(next.node);
        __builtin_prefetch(next.prefetch);
        // The one after is the least of the root's children: fetch its slot for next time.
        const auto n = std::uint32_t(heap_.size());
        std::uint32_t after = kRoot + 1;
        for (std::uint32_t c = kRoot + 2; c < std::min(kRoot + 5, n); ++c)
            if (heap_[c] < heap_[after])
                after = c;
        if (after < n)
            __builtin_prefetch(&slots_[heap_[after].slot()]);
    }
    return node;
}

inline bool Loop::turn(Time limit)
{
    if (readyHead_ == iterationEnd_) {
        if (readyHead_ == ready_.size()) {
            // Nothing ready: wait for the earliest timer. The iteration is the timers due then,
            // and nothing else runs in it, so each callback runs at once, in order, as asyncio's
            // would.
            dropStaleTop();
            if (heap_.size() == kRoot || heap_[kRoot].due > limit)
                return false;
            Time due = heap_[kRoot].due;
            if (due > now_) {
                now_ = due; // the loop thread wakes from its wait
                if (contention_) [[unlikely]] {
                    // ...and first wins the interpreter lock back, while the other threads run
                    // on (and may arm or move timers: what is due first is looked at again).
                    now_ = std::max(now_, contention_->lockWon(now_));
                    dropStaleTop();
                    if (heap_.size() == kRoot)
                        return true;
                    due = heap_[kRoot].due;
                }
            }
            TimerNode *node = popTimer();
            dropStaleTop();
            if (node->onFire == &TaskState::wakeOnFire && (heap_.size() == kRoot || heap_[kRoot].due > now_))
                [[likely]] {
                // One timer alone at this instant, waking one task: asyncio's next iteration
                // would be that task alone, so it runs now (the common case, without a trip
                // through the ready queue).
                if (due < now_ || lastLag_ != Duration{0}) [[unlikely]]
                    recordLagOf(due);
                auto &task = static_cast<TaskState &>(*node);
                task.unpark();
                ++events_;
                resume(task.parkedHandle(), &task);
                return true;
            }
            fire(node, due);
            while (dropStaleTop(), heap_.size() > kRoot && heap_[kRoot].due <= now_)
                fireTop();
            return true;
        }
        beginIteration();
    }
    runEntry(ready_[readyHead_++]);
    if (lastLag_ > Duration{0}) [[unlikely]] {
        // A late entry has run: the lag is now that of the oldest work still waiting, if any.
        const auto next = oldestOverdue();
        recordLag(next ? now_ - *next : Duration{0});
    }
    return true;
}

bool Loop::step()
{
    Entered entered(this);
    return turn(Time::max());
}

void Loop::beginIteration()
{
    // Entries are ready: the timers due by now join the iteration behind them (a disarmed
    // entry on top is dropped on the way; one due later is left for later).
    while (dropStaleTop(), heap_.size() > kRoot && heap_[kRoot].due <= now_) {
        const HeapEntry top = heap_[kRoot];
        popTop();
        slots_[top.slot()].seq |= kMoved;
        Ready entry;
        entry.timerKey = top.key;
        entry.task = nullptr;
        entry.since = top.due;
        ready_.push_back(entry);
        movedDues_.push_back(top.due);
    }
    iterationEnd_ = ready_.size();
}

void Loop::runEntry(const Ready &entry)
{
    if (entry.task) {
        ++events_;
        resume(std::coroutine_handle<>::from_address(entry.handle), entry.task);
        return;
    }
    // A timer moved into this iteration: still armed with the same arming, unless disarmed since.
    const Time due = movedDues_[movedHead_++];
    if (movedHead_ == movedDues_.size())
        movedDues_.clear(), movedHead_ = 0;
    const auto slot = std::uint32_t(entry.timerKey & 0xffffff);
    if (slots_[slot].seq != ((entry.timerKey >> 24) | kMoved))
        return;
    fire(freeSlot(slot), due);
}

void Loop::fireTop()
{
    const Time due = heap_[kRoot].due;
    fire(popTimer(), due);
}

void Loop::recordLagOf(Time due)
{
    recordLag(now_ - due);
    if (lastLag_ > Duration{0}) [[unlikely]] {
        // This late wake-up is served: the lag is now that of the next overdue one, if any.
        const auto next = oldestOverdue();
        recordLag(next ? now_ - *next : Duration{0});
    }
}

void Loop::fire(TimerNode *node, Time due)
{
    recordLagOf(due);
    if (node->onFire != &TaskState::wakeOnFire)
        ++events_; // a task's own timer counts once, as the wake-up it posts
    node->onFire(node);
}

std::optional<Time> Loop::oldestWaiting()
{
    std::optional<Time> oldest;
    if (readyHead_ < ready_.size()) // in FIFO order: the head became ready first, but for moved timers
        oldest = ready_[readyHead_].since;
    if (movedHead_ < movedDues_.size() && (!oldest || movedDues_[movedHead_] < *oldest))
        oldest = movedDues_[movedHead_];
    dropStaleTop();
    if (heap_.size() > kRoot && (!oldest || heap_[kRoot].due < *oldest))
        oldest = heap_[kRoot].due;
    return oldest;
}

std::optional<Time> Loop::oldestOverdue()
{
    const auto oldest = oldestWaiting();
    return oldest && *oldest < now_ ? oldest : std::nullopt;
}

void Loop::recordLag(Duration lag)
{
    if (lag != lastLag_) {
        lastLag_ = lag;
        recorder_.set(lagGauge_, now_, toSeconds(lag));
    }
}

void Loop::runUntil(Time t)
{
    Entered entered(this);
    while (turn(t)) {
    }
    if (now_ < t)
        now_ = t;
    recorder_.finish(now_);
}

void Loop::runToEnd()
{
    Entered entered(this);
    while (turn(Time::max())) {
    }
    recorder_.finish(now_);
}

void Loop::recordOpenWaits()
{
    for (TaskState *t = liveHead_; t; t = t->nextLive_)
        if (t->status() == TaskStatus::Waiting)
            recorder_.segment(t->id(), t->waitingOn(), t->waitingSince(), now_);
}

void Loop::cancelAll()
{
    // A task may catch Cancelled and wait again; a few rounds unwind any sane program.
    for (int round = 0; round < 16 && liveHead_; ++round) {
        for (TaskState *t = liveHead_; t; t = t->nextLive_)
            t->cancel();
        Entered entered(this);
        while (readyHead_ < ready_.size()) {
            if (readyHead_ == iterationEnd_)
                iterationEnd_ = ready_.size(); // iterations without timers: they are not waited for
            const Ready entry = ready_[readyHead_++];
            if (entry.task)
                runEntry(entry);
            else if (++movedHead_ == movedDues_.size()) // a due timer: not fired while unwinding
                movedDues_.clear(), movedHead_ = 0;
        }
    }
}

void Loop::blockLoop(Duration d)
{
    assert(current_ && "blockLoop() is called from inside a task");
    if (d <= Duration{0})
        return;
    recorder_.segment(current_->id_, WaitKind::BlockedLoop, now_, now_ + d);
    recorder_.add("loop_blocked_ns", double(d.count()));
    const Time end = now_ + d;
    const auto oldest = oldestWaiting();
    if (oldest && *oldest < end) {
        // Lag at time t is t minus the due time of the oldest overdue wake-up, so it ramps up
        // while the loop is blocked. The gauge is a step function: the ramp is drawn in steps.
        const Time due = *oldest;
        const Time from = std::max(now_, due);
        constexpr int kSteps = 32;
        for (int i = 0; i <= kSteps; ++i) {
            const Time t = from + (end - from) * i / kSteps;
            now_ = t;
            recordLag(t - due);
        }
    }
    now_ = end;
}

// --- timer heap: 4-ary, lazy deletion through slots ------------------------------------

void Loop::siftUp(std::uint32_t i)
{
    const HeapEntry e = heap_[i];
    while (i > kRoot) {
        const std::uint32_t parent = (i + 8) / 4;
        if (!(e < heap_[parent]))
            break;
        heap_[i] = heap_[parent];
        i = parent;
    }
    heap_[i] = e;
}

void Loop::siftDown(std::uint32_t i)
{
    const HeapEntry e = heap_[i];
    const auto n = std::uint32_t(heap_.size());
    for (;;) {
        const std::uint32_t first = 4 * i - 8;
        if (first >= n)
            break;
        std::uint32_t best = first;
        const std::uint32_t last = std::min(first + 4, n);
        for (std::uint32_t c = first + 1; c < last; ++c)
            if (heap_[c] < heap_[best])
                best = c;
        if (!(heap_[best] < e))
            break;
        heap_[i] = heap_[best];
        i = best;
    }
    heap_[i] = e;
}

void Loop::popTop()
{
    heap_[kRoot] = heap_.back();
    heap_.pop_back();
    if (heap_.size() > kRoot)
        siftDown(kRoot);
}

void Loop::dropStaleTopSlow()
{
    while (!(heap_.size() == kRoot) && !live(heap_[kRoot])) {
        popTop();
        --staleEntries_;
    }
}

void Loop::arm(TimerNode &timer, Time due, const void *prefetch)
{
    assert(!timer.armed());
    std::uint32_t slot;
    if (freeSlots_.empty()) {
        slot = std::uint32_t(slots_.size());
        slots_.push_back({});
    } else {
        slot = freeSlots_.back();
        freeSlots_.pop_back();
    }
    const std::uint64_t seq = timerSeq_++;
    slots_[slot] = {&timer, seq, prefetch};
    timer.slot_ = slot;
    if (slot > 0xffffff)
        throw std::length_error("Loop: more than 16.7 million timers armed at once");
    heap_.push_back({due, (seq << 24) | slot});
    siftUp(std::uint32_t(heap_.size() - 1));
}

void Loop::disarm(TimerNode &timer)
{
    if (!timer.armed())
        return;
    const bool moved = (slots_[timer.slot_].seq & kMoved) != 0; // its entry is in the ready queue, not the heap
    freeSlot(timer.slot_);
    if (moved)
        return;
    if (++staleEntries_ * 2 > heap_.size() - kRoot && heap_.size() > 64) {
        heap_.erase(std::remove_if(heap_.begin() + kRoot, heap_.end(), [this](const HeapEntry &e) { return !live(e); }),
                    heap_.end());
        staleEntries_ = 0;
        for (std::uint32_t i = std::uint32_t(heap_.size()); i-- > kRoot;) // heapify bottom-up
            siftDown(i);
    }
}

void markOutcome(TaskOutcome outcome)
{
    Loop &loop = Loop::running();
    loop.recorder().setOutcome(loop.current()->id(), outcome);
}

SignalSpec loopLagSignal()
{
    return {.id = "loop_lag", .label = "loop lag", .unit = Unit::Seconds};
}

} // namespace coro
