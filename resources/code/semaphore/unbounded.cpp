// What the simulation runs (scenarios/semaphore.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    // no semaphore (w.limit is empty): straight to the server
    try {
        // queued at the server, on our clock
        co_await timeout(w.clientTimeout, w.service.call(i));  //@ io@request, join@request
        count("completed");
    } catch (const TimeoutError &) {  // the server works on  //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
    } catch (const ServiceError &) {  //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
}

// run(): each request spawned as {"request", i} when it arrives; then
co_await w.outstanding.wait();  //@ join@main
