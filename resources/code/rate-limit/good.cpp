// What the simulation runs (scenarios/rate_limit.cpp with engine/resilience/token_bucket.h).
TokenBucket bucket({.ratePerSecond = rate, .capacity = burst});

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    co_await w.bucket->acquire();     // FIFO; a cancelled waiter takes no token
    co_await w.service.call(i);       // the provider's quota never has to say 429
}
