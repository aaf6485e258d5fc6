// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Executor: CPU work off the loop, as asyncio's run_in_executor with a thread or process pool.
// At most `workers` jobs run at once, in FIFO order.
//
// Without `gil` (a process pool, or native code that releases CPython's interpreter lock) the
// workers run in parallel and the loop stays free. With `gil` they run pure Python under one
// interpreter lock that the loop's own thread needs too, and the lock changes hands as in
// CPython 3.2+:
// - a thread that wants the lock waits; if nobody lets go within the switch interval
//   (sys.getswitchinterval(), 5 ms by default) it asks the holder to drop it, and the holder
//   does, to the longest waiter (waiters are served in arrival order);
// - a worker lets go when its job ends, and joins the back of the line when it is made to
//   drop it, or when it starts its next job;
// - the loop's thread lets go while it waits for timers and I/O; when it wakes (a timer, a
//   finished job) it joins the line like any worker, and runs only once it holds the lock.
// So the jobs never overlap, and every wake-up of the loop waits behind the workers: a 10 ms
// heartbeat next to four CPU-bound threads comes late by tens of milliseconds.
//
// Simplifications: the loop's callbacks take no time while it holds the lock, and a cancelled
// job frees its worker at once (a real thread would run on).
#pragma once

#include "semaphore.h"

#include <qcoro/qcorotask.h>

#include <chrono>
#include <memory>
#include <string>

namespace coro {

struct ExecutorConfig {
    int workers = 4;
    /// The workers share one interpreter lock with the loop's thread (see above).
    bool gil = false;
    /// With gil: how long a thread waits for the lock before it asks the holder to drop it.
    Duration switchInterval = std::chrono::milliseconds(5);
    /// Prefix of the "<name>.in_use" (busy workers) and "<name>.queued" gauges.
    std::string name = "executor";
};

class Executor {
public:
    explicit Executor(ExecutorConfig config = {});
    ~Executor();
    Executor(const Executor &) = delete;
    Executor &operator=(const Executor &) = delete;
    /// Runs cpu of work on a worker and returns when it is done (and, with gil, when the loop
    /// has won the lock back to hear of it).
    QCoro::Task<void> run(Duration cpu);
    const ExecutorConfig &config() const { return config_; }

private:
    class Interpreter;
    ExecutorConfig config_;
    Semaphore workers_;
    std::unique_ptr<Interpreter> interpreter_; // with gil only
};

} // namespace coro
