// What the simulation runs (scenarios/circuit_breaker.cpp,
// engine/resilience/circuit_breaker.h), trimmed.
w.breaker.emplace(CircuitBreakerConfig{
    .window = CircuitBreakerConfig::Window::FailureRate,
    .failureRateThreshold = 0.5,
    .windowSize = 20,
    .minimumCalls = failureThreshold,   // 5 outcomes before it may trip
    .openDuration = recovery,           // 1 s, then half-open
    .halfOpenCalls = probes});          // 1 trial call

QCoro::Task<void> callService(World &w, std::uint64_t i)
{
    // a timeout counts as a failure
    co_await timeout(w.clientTimeout, w.service.call(i));   //@ io@request, hung@request
}

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    try {
        // The factory runs only if allowed: a refused call never starts.
        co_await w.breaker->call([&w, i] { return callService(w, i); });
        count("completed");
    } catch (const BreakerOpen &) {   // fail fast  //@ refused
        settle("rejected", TaskOutcome::Refused);
    } catch (const TimeoutError &) {   //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
    } catch (const ServiceError &) {   //@ failed
        settle("failed", TaskOutcome::Failed);
    }
    w.outstanding.done();
}
// ... a request task per arrival, then:
co_await w.outstanding.wait();   //@ join@main
