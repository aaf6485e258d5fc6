// The guide's RateLimiter as the simulation runs it (scenarios/rate_limit.cpp).
auto held = co_await lock_.acquire();
allowance_ += toSeconds(now() - lastCheck_) * (rate_ / per_);
lastCheck_ = now();
if (allowance_ < 1.0) {
    co_await sleep(fromSeconds((1.0 - allowance_) * (per_ / rate_)));  // holding the lock
    allowance_ = 1.0;                                                   // lastCheck_ not moved
}
allowance_ -= 1.0;
