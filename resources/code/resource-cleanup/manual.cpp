// What the simulation runs (scenarios/resource_cleanup.cpp), trimmed.
QCoro::Task<void> manualJob(World &w, std::uint64_t i)
{
    // a free slot, then connect
    Connection opened = co_await w.pool.open();  //@ queued, io
    // from here on, only our close() gives it back
    const std::uint64_t id = opened.detach();
    co_await w.database.call(i);  // throws, or is cancelled...  //@ io
    w.pool.close(id);             // ...and this never runs: a leak
}

QCoro::Task<void> job(World &w, bool managed, std::uint64_t i,
                      Duration deadline)
{
    try {
        co_await timeout(deadline, manualJob(w, i));
        count("completed");
    } catch (const TimeoutError &) {  //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
    } catch (const ServiceError &) {  //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
}

// run(): jobs arrive (Poisson), each spawned as {"job", i}; then
co_await w.outstanding.wait();  //@ join@main
