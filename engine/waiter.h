// The unit every engine awaitable parks: one suspended task waiting on one thing.
// Awaitables keep their waiters in an intrusive FIFO (WaitQueue) so a cancelled waiter leaves
// its queue in O(1), and a wake-up never allocates.
#pragma once

#include <coroutine>
#include <cstdint>

namespace coro {

class TaskState;

/// What a task is waiting on; drives the timeline colours and the trace categories.
enum class WaitKind : std::uint8_t {
    Sleep,       ///< sleep(d)
    Backoff,     ///< a sleep between retry attempts
    Io,          ///< a call to a simulated service
    Queue,       ///< a permit: semaphore, limiter, token bucket, pool, executor worker
    Event,       ///< Event::wait()
    Channel,     ///< Channel send/receive
    Join,        ///< awaiting another task, gather or a task group
    Cpu,         ///< running on an executor worker
    BlockedLoop, ///< synchronous work on the loop thread (blockLoop)
};

const char *waitKindName(WaitKind kind);

class Waiter {
public:
    // Copyable only so awaiters can be returned and moved before they suspend (GCC 12 moves
    // the awaiter that await_transform hands back); a parked waiter is never moved.
    Waiter() = default;
    Waiter(const Waiter &) = default;
    Waiter &operator=(const Waiter &) = delete;

    std::coroutine_handle<> handle;
    TaskState *task = nullptr;
    Waiter *prev = nullptr;
    Waiter *next = nullptr;
    /// Set when the waiter was resumed by cancellation rather than by what it waited for.
    bool cancelled = false;

    /// Removes this waiter from whatever holds it. Called when its task is cancelled.
    virtual void detach() = 0;

protected:
    ~Waiter() = default;
};

/// Intrusive FIFO of waiters. Does not own them.
class WaitQueue {
public:
    bool empty() const { return head_ == nullptr; }
    std::uint32_t size() const { return size_; }
    Waiter *front() const { return head_; }

    void pushBack(Waiter *w)
    {
        w->prev = tail_;
        w->next = nullptr;
        (tail_ ? tail_->next : head_) = w;
        tail_ = w;
        ++size_;
    }

    Waiter *popFront()
    {
        Waiter *w = head_;
        if (w)
            remove(w);
        return w;
    }

    void remove(Waiter *w)
    {
        (w->prev ? w->prev->next : head_) = w->next;
        (w->next ? w->next->prev : tail_) = w->prev;
        w->prev = w->next = nullptr;
        --size_;
    }

private:
    Waiter *head_ = nullptr;
    Waiter *tail_ = nullptr;
    std::uint32_t size_ = 0;
};

} // namespace coro
