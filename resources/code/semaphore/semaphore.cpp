// What the simulation runs (scenarios/semaphore.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    // async with semaphore: wait for a permit, on our side
    Permit permit = co_await w.limit->acquire();  //@ queued
    try {
        // the clock starts once we hold the permit
        co_await timeout(w.clientTimeout, w.service.call(i));  //@ io@request, join@request
        count("completed");
    } catch (const TimeoutError &) {  //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
    } catch (const ServiceError &) {  //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
} // the permit goes back here, however the request ended

// run(): w.limit.emplace(p.integer("limit"), "limit"): one semaphore
// for all; each request spawned as {"request", i} when it arrives
co_await w.outstanding.wait();  //@ join@main
