// What the simulation runs (scenarios/retry.cpp), trimmed.
// policyFor(): retryOn = isTransient (429, 5xx, timeout); then
void noRetry(RetryPolicy &policy) { policy.maxAttempts = 1; }

// One attempt: a call with a timeout (a timeout is retryable).
QCoro::Task<void> attempt(World &w, std::uint64_t id, int k)
{
    co_await timeout(w.attemptTimeout,
                     w.service.call(id, std::uint32_t(k)));  //@ io@client, join@client
}

QCoro::Task<void> client(RunContext &ctx, World &w,
                         const RetryPolicy &policy, std::uint64_t id,
                         bool contention)
{
    try {
        // one attempt: retry() rethrows its error at once
        co_await retry(policy, ctx.random, {JitterStream, id, 0},
                       [&w, id](int k) { return attempt(w, id, k); });
        count("completed");
    } catch (const std::exception &) {  //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
}

// run(): every client spawned as {"client", id} at once; then
co_await w.outstanding.wait();  //@ join@main
