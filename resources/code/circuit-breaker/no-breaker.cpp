// What the simulation runs (scenarios/circuit_breaker.cpp), trimmed.
QCoro::Task<void> callService(World &w, std::uint64_t i)
{
    // down or not, every call goes to the service
    co_await timeout(w.clientTimeout, w.service.call(i));   //@ io@request, hung@request
}

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    try {
        co_await callService(w, i);
        count("completed");
    } catch (const TimeoutError &) {   // a hanging outage  //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
    } catch (const ServiceError &) {   // a failing outage  //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
}

co_await arriveAll(ctx, w.outstanding, requests, [&w](std::uint64_t i) {
    spawn({"request", i}, [&w, i] { return request(w, i); });
});
co_await w.outstanding.wait();   //@ join@main
