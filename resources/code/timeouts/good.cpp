// What the simulation runs (scenarios/timeouts.cpp, engine/timeout.h).
try {
    co_await timeout(w.limit, w.service.call(i));   // asyncio.timeout: cancels the call inside
    count("completed");
} catch (const TimeoutError &) {
    count("timed_out");
    count(w.fallback ? "fallback_used" : "empty_results");
}
