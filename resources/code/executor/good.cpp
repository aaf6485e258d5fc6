// What the simulation runs (scenarios/executor.cpp, engine/executor.h).
Executor pool({.workers = 4, .gil = false});

QCoro::Task<void> job(World &w)
{
    co_await w.pool->run(w.cpu);   // the loop is free while a worker computes
}
// The bad variant instead calls blockLoop(w.cpu): synchronous work on the loop's thread.
