// What the simulation runs (scenarios/executor.cpp, engine/executor.h),
// trimmed.
w.pool.emplace(ExecutorConfig{.workers = workers, .gil = false});

QCoro::Task<void> job(World &w, Duration cpu)
{
    // the loop is free while a worker computes
    co_await w.pool->run(cpu);   //@ queued@job, cpu@job
    count("completed");
    w.outstanding.done();
}

for (int i = 0; i < n; ++i) {
    w.outstanding.add();
    spawn({"job", i}, [&w, cpu] { return job(w, cpu); });
}
co_await w.outstanding.wait();   //@ join@main
