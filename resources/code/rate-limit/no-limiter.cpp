// What the simulation runs (scenarios/rate_limit.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    try {
        // straight to the provider, whatever its quota
        co_await w.service.call(i);   //@ io@request
        count("completed");
    } catch (const ServiceError &) {   // 429  //@ refused
        settle("failed", TaskOutcome::Refused);
    }
    w.outstanding.done();
}

co_await arriveAll(ctx, w.outstanding, requests, [&w](std::uint64_t i) {
    spawn({"request", i}, [&w, i] { return request(w, i); });
});
co_await w.outstanding.wait();   //@ join@main
