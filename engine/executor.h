// Executor: CPU work off the loop, as asyncio's run_in_executor with a thread or process pool.
// At most `workers` jobs run at once, in FIFO order; the loop stays free while they run.
// With `gil` on, the workers also share one interpreter lock, as CPU-bound threads in CPython
// do: jobs then never overlap, although the loop is still free.
//
// Simplifications: a job holds the lock for its whole duration (CPython hands it over every
// 5 ms, which changes who finishes first but not the makespan), and a cancelled job frees its
// worker at once (a real thread would run on).
#pragma once

#include "semaphore.h"

#include <qcoro/qcorotask.h>

#include <string>

namespace coro {

struct ExecutorConfig {
    int workers = 4;
    bool gil = false;
    /// Prefix of the "<name>.in_use" (busy workers) and "<name>.queued" gauges.
    std::string name = "executor";
};

class Executor {
public:
    explicit Executor(ExecutorConfig config = {});
    /// Runs cpu of work on a worker and returns when it is done.
    QCoro::Task<void> run(Duration cpu);
    const ExecutorConfig &config() const { return config_; }

private:
    ExecutorConfig config_;
    Semaphore workers_;
    Semaphore gil_;
};

} // namespace coro
