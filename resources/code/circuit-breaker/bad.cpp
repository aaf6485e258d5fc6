// The guide's CircuitBreaker as the simulation runs it (scenarios/circuit_breaker.cpp).
{
    auto held = co_await lock_.acquire();
    if (state_ == BreakerState::Open) {
        if (shouldAttemptReset())
            setState(BreakerState::HalfOpen);   // half-open: no limit on who goes through
        else
            throw BreakerOpen();
    }
}
co_await func();   // then onSuccess() closes it, onFailure() counts and may reopen
