// What the simulation runs (scenarios/timeouts.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    try {
        // asyncio.timeout: at the deadline, cancels the call inside
        co_await timeout(w.limit, w.service.call(i));  //@ io, hung
        count("completed");
    } catch (const TimeoutError &) {  //@ timed-out
        settle("timed_out", TaskOutcome::TimedOut);
        count("empty_results");    // w.fallback is false: return None
    }
    w.outstanding.done();
}

// run(): requests arrive (Poisson), each spawned as {"request", i};
// then we watch until the horizon (30 s)
co_await timeout(untilHorizon, [&]() -> QCoro::Task<void> {
    co_await w.outstanding.wait();  //@ join@main
}());
