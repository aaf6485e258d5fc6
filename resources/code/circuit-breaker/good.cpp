// What the simulation runs (scenarios/circuit_breaker.cpp, engine/resilience/circuit_breaker.h).
CircuitBreaker breaker({.window = CircuitBreakerConfig::Window::FailureRate,
                        .failureRateThreshold = 0.5, .windowSize = 20, .minimumCalls = 5,
                        .openDuration = 1s, .halfOpenCalls = 1});

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    // The factory runs only if the breaker allows it: a refused call never starts.
    co_await breaker.call([&] { return timeout(1s, w.service.call(i)); });
}
