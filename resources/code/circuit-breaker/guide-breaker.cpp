// What the simulation runs (scenarios/circuit_breaker.cpp), trimmed.
template <typename Factory>
QCoro::Task<void> GuideBreaker::call(Factory func)
{
    {
        auto held = co_await lock_.acquire();
        if (state_ == BreakerState::Open) {
            // looked at only when a call comes; then lets all through
            if (shouldAttemptReset())
                setState(BreakerState::HalfOpen);
            else
                throw BreakerOpen();
        }
    }
    std::exception_ptr error;
    try {
        co_await func();
    } catch (...) {
        error = std::current_exception();
    }
    if (error) {
        co_await onFailure();   // a late failure moves lastFailureTime_
        std::rethrow_exception(error);
    }
    co_await onSuccess();
}

QCoro::Task<void> callService(World &w, std::uint64_t i)
{
    co_await timeout(w.clientTimeout, w.service.call(i));   //@ io@request, hung@request
}

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    try {
        co_await w.guide->call([&w, i] { return callService(w, i); });
        count("completed");
    } catch (const BreakerOpen &) {   //@ refused
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
