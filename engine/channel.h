// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Channel<T>: a bounded FIFO queue between tasks (asyncio.Queue with maxsize, plus close()
// as in Go and Trio's memory channels). send() waits while the buffer is full, receive()
// waits while it is empty; both serve their waiters in arrival order. A receiver that is
// waiting gets a sent item directly. close() wakes everyone: waiting senders throw
// ChannelClosed, receivers drain what is buffered and then get std::nullopt.
#pragma once

#include "instrument.h"
#include "loop.h"

#include <deque>
#include <optional>
#include <stdexcept>
#include <string>

namespace coro {

template <typename T>
class Channel {
public:
    /// With a name, the channel records a "<name>.buffered" gauge and publishes "full" the
    /// first time its buffer fills (from then on, senders feel the backpressure).
    explicit Channel(std::size_t capacity, std::string name = {}) : capacity_(capacity), instrument_(std::move(name))
    {
        if (capacity == 0)
            throw std::invalid_argument("Channel: capacity must be >= 1");
    }
    Channel(const Channel &) = delete;
    Channel &operator=(const Channel &) = delete;

    std::size_t size() const { return buffer_.size(); }
    std::size_t capacity() const { return capacity_; }
    bool closed() const { return closed_; }

    void close()
    {
        closed_ = true;
        while (TaskState *t = receivers_.popFront())
            t->loop().wake(*t);
        while (TaskState *t = senders_.popFront())
            t->loop().wake(*t);
    }

    class SendAwaiter final : public Parking {
    public:
        SendAwaiter(Channel &c, T item) : ch_(c), item_(std::move(item)) {}
        bool await_ready()
        {
            if (cancelPending() || ch_.closed_)
                return true;
            if (!ch_.senders_.empty() || ch_.buffer_.size() >= ch_.capacity_)
                return false;
            ch_.push(std::move(*item_));
            item_.reset();
            return true;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            task->park(h, WaitKind::Channel, this, [](void *self, TaskState &t) {
                static_cast<SendAwaiter *>(self)->ch_.senders_.remove(&t);
            });
            ch_.senders_.pushBack(task);
        }
        void await_resume()
        {
            throwIfCancelled();
            if (item_) // still ours: the channel closed before taking it
                throw ChannelClosed();
        }

    private:
        friend class Channel;
        Channel &ch_;
        std::optional<T> item_;
    };

    class ReceiveAwaiter final : public Parking {
    public:
        explicit ReceiveAwaiter(Channel &c) : ch_(c) {}
        bool await_ready()
        {
            if (cancelPending())
                return true;
            if (!ch_.buffer_.empty()) {
                item_ = ch_.pop();
                return true;
            }
            return ch_.closed_;
        }
        void await_suspend(std::coroutine_handle<> h)
        {
            task->park(h, WaitKind::Channel, this, [](void *self, TaskState &t) {
                static_cast<ReceiveAwaiter *>(self)->ch_.receivers_.remove(&t);
            });
            ch_.receivers_.pushBack(task);
        }
        std::optional<T> await_resume()
        {
            throwIfCancelled();
            return std::move(item_);
        }

    private:
        friend class Channel;
        Channel &ch_;
        std::optional<T> item_;
    };

    /// Waits for room, then enqueues item. Throws ChannelClosed on a closed channel.
    SendAwaiter send(T item) { return SendAwaiter(*this, std::move(item)); }
    /// Waits for an item; std::nullopt once the channel is closed and empty.
    ReceiveAwaiter receive() { return ReceiveAwaiter(*this); }

private:
    void push(T item)
    {
        if (TaskState *t = receivers_.popFront()) {
            static_cast<ReceiveAwaiter *>(t->waitContext())->item_.emplace(std::move(item));
            t->loop().wake(*t);
            return;
        }
        buffer_.push_back(std::move(item));
        record();
    }

    T pop()
    {
        T item = std::move(buffer_.front());
        buffer_.pop_front();
        if (TaskState *t = senders_.popFront()) {
            auto *sender = static_cast<SendAwaiter *>(t->waitContext());
            buffer_.push_back(std::move(*sender->item_));
            sender->item_.reset();
            t->loop().wake(*t);
        }
        record();
        return item;
    }

    void record()
    {
        if (!instrument_.enabled())
            return;
        instrument_.set(bufferedGauge_, double(buffer_.size()));
        if (buffer_.size() >= capacity_)
            instrument_.firstTime("full");
    }

    std::deque<T> buffer_;
    WaitQueue senders_;
    WaitQueue receivers_;
    std::size_t capacity_;
    Instrument instrument_;
    Instrument::Gauge bufferedGauge_ = instrument_.gauge("buffered");
    bool closed_ = false;
};

} // namespace coro
