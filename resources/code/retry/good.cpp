// What the simulation runs (scenarios/retry.cpp, engine/resilience/retry.h).
RetryPolicy policy{.maxAttempts = 8, .base = 100ms, .cap = 5s, .jitter = Jitter::Full};

co_await retry(policy, random, {JitterStream, client, 0},
               [&](int k) { return timeout(500ms, service.call(client, k)); });
