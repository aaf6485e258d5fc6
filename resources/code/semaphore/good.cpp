// What the simulation runs (scenarios/semaphore.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    Permit permit = co_await w.limit->acquire();          // async with sem:
    try {
        co_await timeout(w.clientTimeout, w.service.call(i));
        count("completed");
    } catch (const TimeoutError &) {
        count("timed_out");
    }
}
