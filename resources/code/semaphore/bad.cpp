// The unbounded variant (scenarios/semaphore.cpp): every request goes out at once.
for (std::uint64_t i = 0; i < n; ++i)
    spawn({"request", std::int64_t(i)}, [&w, i]() -> QCoro::Task<void> {
        co_await timeout(w.clientTimeout, w.service.call(i));   // queued at the server, on our clock
    });
