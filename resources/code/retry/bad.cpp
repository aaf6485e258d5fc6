// The guide's async_retry as a RetryPolicy (scenarios/retry.cpp): every exception, no jitter, no cap.
RetryPolicy guide{.maxAttempts = 3, .base = 1s, .factor = 2, .cap = 24h, .jitter = Jitter::None,
                  .retryOn = [](std::exception_ptr) { return true; }};
