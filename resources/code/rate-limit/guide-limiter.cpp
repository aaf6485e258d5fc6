// What the simulation runs (scenarios/rate_limit.cpp), trimmed.
QCoro::Task<void> GuideRateLimiter::acquire()
{
    auto held = co_await lock_.acquire();   // async with self.lock:  //@ queued@request
    const Time current = now();
    const double timePassed = toSeconds(current - lastCheck_);
    lastCheck_ = current;
    allowance_ += timePassed * (rate_ / per_);
    if (allowance_ > rate_)
        allowance_ = rate_;
    if (allowance_ < 1.0) {
        const double sleepTime = (1.0 - allowance_) * (per_ / rate_);
        // still holding the lock
        co_await sleep(fromSeconds(sleepTime), WaitKind::Queue);   //@ queued@request
        allowance_ = 1.0;   // lastCheck_ stays where it was
    }
    allowance_ -= 1.0;
}

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    co_await w.guide->acquire();
    try {
        co_await w.service.call(i);   //@ io@request
        count("completed");
    } catch (const ServiceError &) {   // 429  //@ refused
        settle("failed", TaskOutcome::Refused);
    }
    w.outstanding.done();
}

w.guide.emplace(burst, burst / rate);   // same rate, same burst
// ... a request task per arrival, then:
co_await w.outstanding.wait();   //@ join@main
