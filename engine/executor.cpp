// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "executor.h"

#include "event.h"
#include "instrument.h"
#include "sleep.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>
#include <vector>

namespace coro {

/// The pool's threads and the loop's, taking turns at the interpreter lock. Between two
/// wake-ups of the loop nothing on the loop happens, so the threads' side is simulated on its
/// own, lazily: advance(t) plays it forward to t. The loop hears of finished jobs through one
/// timer, armed at the next finish the threads would reach if the loop left them alone, and
/// moved whenever the loop's turn at the lock changes the order.
class Executor::Interpreter final : public Loop::LockContention {
public:
    struct Job {
        Duration cpu;
        Event done;
    };

    explicit Interpreter(const ExecutorConfig &config)
        : switchInterval_(config.switchInterval), instrument_(config.name), threads_(std::size_t(config.workers))
    {
        timer_.owner = this;
        timer_.onFire = [](TimerNode *node) { static_cast<CompletionTimer *>(node)->owner->deliver(); };
    }
    ~Interpreter()
    {
        if (!loop_)
            return;
        loop_->disarm(timer_);
        if (loop_->lockContention() == this)
            loop_->setLockContention(nullptr);
    }

    /// From a task on the loop: queues the job for the pool.
    void submit(Job &job)
    {
        Loop &loop = Loop::running();
        if (loop_ != &loop) { // a new run
            loop_ = &loop;
            s_ = {};
            s_.threads.assign(threads_, {});
        }
        loop_->setLockContention(this);
        advance(s_, loop_->now(), true);
        s_.pending.push_back(&job);
        startPending(s_, loop_->now(), true);
        rearm();
    }

    /// The job's task was cancelled: its worker is freed at once.
    void withdraw(Job &job)
    {
        advance(s_, loop_->now(), true);
        std::erase(s_.pending, &job);
        std::erase_if(s_.finished, [&job](const Finished &f) { return f.job == &job; });
        for (std::size_t i = 0; i < s_.threads.size(); ++i)
            if (s_.threads[i].job == &job) {
                s_.threads[i].job = nullptr;
                std::erase(s_.line, int(i));
                if (s_.holder == int(i))
                    s_.holder = kNobody;
                startPending(s_, s_.now, true);
                handOff(s_, s_.now);
            }
        record(s_, s_.now);
        rearm();
    }

    Time lockWon(Time wake) override
    {
        advance(s_, wake, true);
        if (s_.holder != kNobody || !s_.line.empty()) {
            s_.line.push_back(kLoop);
            s_.loopSince = wake;
            while (s_.holder != kLoop)
                step(s_, true);
            // The loop runs its iteration now, in no time, and lets go again as it goes back to
            // waiting: the lock goes on to the next in line.
            s_.holder = kNobody;
            handOff(s_, s_.now);
        }
        rearm();
        return s_.now;
    }

private:
    static constexpr int kNobody = -1;
    static constexpr int kLoop = -2;
    struct Thread {
        Job *job = nullptr;
        Duration left{}; ///< of its job's CPU time, as of when it last took the lock
        Time since{};    ///< waiting for the lock since then (when in line)
    };
    struct Finished {
        Job *job;
        Time at;
    };
    /// The threads' side at time now: who holds the lock, who waits for it, in order.
    struct State {
        Time now{};
        std::vector<Thread> threads;
        std::deque<Job *> pending;  // the pool's work queue
        std::deque<int> line;       // waiting for the lock: thread indices, or kLoop
        Time loopSince{};
        int holder = kNobody;
        Time heldSince{};
        std::vector<Finished> finished; // not yet heard of by the loop
    };
    struct CompletionTimer : TimerNode {
        Interpreter *owner = nullptr;
    };

    Time waitingSince(const State &s, int who) const { return who == kLoop ? s.loopSince : s.threads[std::size_t(who)].since; }
    /// With a worker holding the lock: when its job ends, if it keeps the lock till then.
    Time holderDone(const State &s) const { return s.heldSince + s.threads[std::size_t(s.holder)].left; }
    /// When the holder is made to let go: a switch interval after the longest waiter began
    /// to wait (or after the holder took the lock), never while nobody waits.
    Time dropAt(const State &s) const
    {
        return s.line.empty() ? Time::max() : std::max(s.heldSince, waitingSince(s, s.line.front())) + switchInterval_;
    }

    /// The next change on the threads' side (a job ends, or the holder is made to drop the
    /// lock), or nothing while the lock is free with nobody waiting.
    std::optional<Time> nextChange(const State &s) const
    {
        if (s.holder < 0)
            return s.line.empty() ? std::nullopt : std::optional<Time>(s.now);
        return std::min(holderDone(s), dropAt(s));
    }

    void step(State &s, bool real)
    {
        if (s.holder < 0) {
            handOff(s, s.now);
            return;
        }
        Thread &h = s.threads[std::size_t(s.holder)];
        const Time end = holderDone(s);
        const Time drop = dropAt(s);
        if (end <= drop) {
            s.now = end;
            s.finished.push_back({h.job, end});
            h.job = nullptr;
            s.holder = kNobody;
            startPending(s, end, real); // the thread takes the next job, and queues for the lock
        } else {
            s.now = drop;
            h.left -= drop - s.heldSince;
            h.since = drop;
            s.line.push_back(s.holder);
            s.holder = kNobody;
        }
        handOff(s, s.now);
    }

    void handOff(State &s, Time t)
    {
        if (s.holder != kNobody || s.line.empty())
            return;
        s.holder = s.line.front();
        s.line.pop_front();
        s.heldSince = t;
    }

    void startPending(State &s, Time t, bool real)
    {
        for (std::size_t i = 0; i < s.threads.size() && !s.pending.empty(); ++i)
            if (!s.threads[i].job) {
                s.threads[i].job = s.pending.front();
                s.threads[i].left = s.pending.front()->cpu;
                s.threads[i].since = t;
                s.pending.pop_front();
                s.line.push_back(int(i));
            }
        handOff(s, t);
        if (real) {
            record(s, t);
            if (!s.pending.empty())
                instrument_.firstTime("saturated");
        }
    }

    /// Plays the threads forward to t, the loop not taking part.
    void advance(State &s, Time t, bool real)
    {
        for (auto next = nextChange(s); next && *next <= t; next = nextChange(s))
            step(s, real);
        s.now = std::max(s.now, t);
    }

    void record(const State &s, Time t)
    {
        const auto busy = std::count_if(s.threads.begin(), s.threads.end(), [](const Thread &th) { return th.job; });
        instrument_.setAt(inUse_, t, double(busy));
        instrument_.setAt(queued_, t, double(s.pending.size()));
    }

    /// The timer goes off when the loop would hear of the next finished job, if the loop left
    /// the threads alone until then.
    void rearm()
    {
        loop_->disarm(timer_);
        std::optional<Time> due;
        if (!s_.finished.empty()) {
            due = s_.finished.front().at;
        } else {
            State ahead = s_;
            while (ahead.finished.empty()) {
                if (!nextChange(ahead))
                    break;
                step(ahead, false);
            }
            if (!ahead.finished.empty())
                due = ahead.finished.front().at;
        }
        if (due)
            loop_->arm(timer_, *due);
    }

    void deliver()
    {
        advance(s_, loop_->now(), true);
        const std::vector<Finished> finished = std::move(s_.finished);
        s_.finished.clear();
        for (const Finished &f : finished)
            f.job->done.set();
        rearm();
    }

    Duration switchInterval_;
    Instrument instrument_;
    Instrument::Gauge inUse_ = instrument_.gauge("in_use");
    Instrument::Gauge queued_ = instrument_.gauge("queued");
    std::size_t threads_;
    Loop *loop_ = nullptr;
    State s_;
    CompletionTimer timer_;
};

Executor::Executor(ExecutorConfig config)
    : config_(std::move(config)), workers_(config_.workers, config_.gil ? std::string() : config_.name)
{
    if (config_.workers < 1)
        throw std::invalid_argument("Executor: workers must be >= 1");
    if (config_.gil && config_.switchInterval <= Duration{0})
        throw std::invalid_argument("Executor: the switch interval must be > 0");
    if (config_.gil)
        interpreter_ = std::make_unique<Interpreter>(config_);
}

Executor::~Executor() = default;

QCoro::Task<void> Executor::run(Duration cpu)
{
    if (!interpreter_) {
        Permit worker = co_await workers_.acquire();
        co_await sleep(cpu, WaitKind::Cpu);
        co_return;
    }
    Interpreter::Job job{.cpu = cpu};
    interpreter_->submit(job);
    try {
        co_await job.done.wait(WaitKind::Cpu);
    } catch (...) {
        interpreter_->withdraw(job);
        throw;
    }
}

} // namespace coro
