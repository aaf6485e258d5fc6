// What the simulation runs (scenarios/timeouts.cpp), trimmed.
QCoro::Task<void> request(World &w, std::uint64_t i)
{
    w.waiting.emplace(i, now());
    co_await w.service.call(i);  // may never return  //@ io, hung
    count("completed");
    w.waiting.erase(i);
    w.outstanding.done();
}

// run(): requests arrive (Poisson), each spawned as {"request", i};
// then we watch until the horizon (30 s)
try {
    co_await timeout(untilHorizon, [&]() -> QCoro::Task<void> {
        co_await w.outstanding.wait();  //@ join@main
    }());
} catch (const TimeoutError &) {
    // still waiting when we stop watching: w.waiting.size() is "hung"
}
