// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Batcher<In, Out>: micro-batching. Callers submit one item each and await their own result;
// the batcher hands items to `flush` in batches, flushing when the batch reaches maxSize or
// when its oldest item has waited `linger`, whichever comes first (as Kafka's producer does
// with batch.size and linger.ms, or DataLoader-style batching with a time bound). Each flush
// runs as its own task, so a slow batch does not hold up the next one. If a flush throws,
// every caller in that batch gets the exception.
//
// Records "<name>.batches" (counter) and "<name>.pending" (gauge). The batcher must outlive
// the flushes it starts.
#pragma once

#include "engine/event.h"
#include "engine/instrument.h"
#include "engine/spec.h"

#include <qcoro/qcorotask.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace coro {

struct BatcherConfig {
    std::size_t maxSize = 10;
    Duration linger = std::chrono::milliseconds(50);
    std::string name = "batcher";
};

template <typename In, typename Out>
class Batcher {
public:
    using Flush = std::function<QCoro::Task<std::vector<Out>>(std::vector<In>)>;

    Batcher(BatcherConfig config, Flush flush) : config_(std::move(config)), flush_(std::move(flush))
    {
        if (config_.maxSize < 1)
            throw std::invalid_argument("Batcher: maxSize must be >= 1");
        linger_.batcher = this;
        linger_.onFire = [](TimerNode *node) { static_cast<LingerTimer *>(node)->batcher->flushNow(); };
    }
    ~Batcher()
    {
        if (loop_)
            loop_->disarm(linger_);
    }
    Batcher(const Batcher &) = delete;
    Batcher &operator=(const Batcher &) = delete;

    std::size_t pending() const { return items_.size(); }

    /// Adds item to the current batch and waits for its result.
    QCoro::Task<Out> submit(In item)
    {
        loop_ = &Loop::running();
        auto slot = std::make_shared<Slot>();
        items_.push_back(std::move(item));
        slots_.push_back(slot);
        recordPending();
        if (items_.size() == 1)
            loop_->arm(linger_, loop_->now() + config_.linger);
        if (items_.size() >= config_.maxSize)
            flushNow();
        co_await slot->done.wait(WaitKind::Queue);
        if (slot->error)
            std::rethrow_exception(slot->error);
        co_return std::move(*slot->value);
    }

private:
    struct Slot {
        Event done;
        std::optional<Out> value;
        std::exception_ptr error;
    };
    struct LingerTimer : TimerNode {
        Batcher *batcher = nullptr;
    };

    void recordPending()
    {
        instrument_.set(pendingGauge_, double(items_.size()));
    }

    void flushNow()
    {
        loop_->disarm(linger_);
        if (items_.empty())
            return;
        instrument_.add(batchCount_);
        auto items = std::move(items_);
        auto outcomes = std::move(slots_);
        items_.clear();
        slots_.clear();
        recordPending();
        loop_->spawn("flush", [flush = flush_, items = std::move(items), outcomes = std::move(outcomes)]() mutable {
            return runBatch(flush, std::move(items), std::move(outcomes));
        });
    }

    static QCoro::Task<void> runBatch(Flush flush, std::vector<In> items, std::vector<std::shared_ptr<Slot>> outcomes)
    {
        std::exception_ptr error;
        try {
            std::vector<Out> outs = co_await flush(std::move(items));
            if (outs.size() != outcomes.size())
                throw std::logic_error("Batcher: flush returned a different number of results than items");
            for (std::size_t i = 0; i < outcomes.size(); ++i)
                outcomes[i]->value.emplace(std::move(outs[i]));
        } catch (...) {
            error = std::current_exception();
        }
        for (auto &slot : outcomes) {
            if (error)
                slot->error = error;
            slot->done.set();
        }
        if (error)
            std::rethrow_exception(error);
    }

    BatcherConfig config_;
    Flush flush_;
    std::vector<In> items_;
    std::vector<std::shared_ptr<Slot>> slots_;
    LingerTimer linger_;
    Loop *loop_ = nullptr;
    Instrument instrument_{config_.name};
    Instrument::Gauge pendingGauge_ = instrument_.gauge("pending");
    Instrument::Counter batchCount_ = instrument_.counter("batches");
};

/// The "<name>.pending" gauge: items waiting for the next flush.
inline SignalSpec batcherPendingSignal(const std::string &name)
{
    return {.id = name + ".pending", .label = "items waiting in the batcher"};
}

} // namespace coro
