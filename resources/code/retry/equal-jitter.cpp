// What the simulation runs (scenarios/retry.cpp), trimmed.
// policyFor(), defaults: 8 attempts, base 100 ms, cap 5 s, retryOn =
// isTransient (429, 5xx, timeout); then
void equalJitter(RetryPolicy &policy) { policy.jitter = Jitter::Equal; }

// One attempt: a call with a timeout (a timeout is retryable).
QCoro::Task<void> attempt(World &w, std::uint64_t id, int k)
{
    co_await timeout(w.attemptTimeout,
                     w.service.call(id, std::uint32_t(k)));  //@ io@client, join@client
}

// Each client task: retry(policy, ..., attempt), which does
// (engine/resilience/retry.h)
for (int k = 0;; ++k) {
    try { co_await attempt(k); co_return; }
    catch (...) { error = std::current_exception(); }
    if (k + 1 >= policy.maxAttempts || !policy.retryOn(error))
        std::rethrow_exception(error);  // client(): failed  //@ failed
    // t = min(cap, base * 2^k); pause = t/2 + u * t/2, u uniform in [0, 1)
    const Duration pause = policy.delay(k, previous, random,
        {key.stream, key.item, std::uint64_t(k)});
    previous = pause;
    co_await sleep(pause, WaitKind::Backoff);  //@ backoff
}

// run(): every client spawned as {"client", id} at once; then
co_await w.outstanding.wait();  //@ join@main
