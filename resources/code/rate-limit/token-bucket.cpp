// What the simulation runs (scenarios/rate_limit.cpp,
// engine/resilience/token_bucket.h), trimmed.
w.bucket.emplace(
    TokenBucketConfig{.ratePerSecond = rate, .capacity = burst});

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    // FIFO; a waiter that is cancelled takes no token
    co_await w.bucket->acquire();   //@ queued@request
    try {
        co_await w.service.call(i);   // never has to say 429  //@ io@request
        count("completed");
    } catch (const ServiceError &) {   //@ refused
        settle("failed", TaskOutcome::Refused);
    }
    w.outstanding.done();
}

co_await arriveAll(ctx, w.outstanding, requests, [&w](std::uint64_t i) {
    spawn({"request", i}, [&w, i] { return request(w, i); });
});
co_await w.outstanding.wait();   //@ join@main
