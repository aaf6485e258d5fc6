// What the simulation runs (scenarios/resource_cleanup.cpp), trimmed.
QCoro::Task<void> managedJob(World &w, std::uint64_t i)
{
    // a free slot, then connect; like async with pool.connection()
    Connection conn = co_await w.pool.open();  //@ queued, io
    co_await w.database.call(i);  // throws, or is cancelled...  //@ io
} // ...and ~Connection closes it on every path

QCoro::Task<void> job(World &w, bool managed, std::uint64_t i,
                      Duration deadline)
{
    try {
        co_await timeout(deadline, managedJob(w, i));
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
