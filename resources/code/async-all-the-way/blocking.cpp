// What the simulation runs (scenarios/async_all_the_way.cpp), trimmed.
QCoro::Task<void> handle(World &w, Kind kind, std::uint64_t user,
                         Duration blockingCall)
{
    const std::uint64_t ordersKey = 2 * user + 1;
    // user = requests.get(...): the loop waits with us
    blockLoop(blockingCall);  //@ blocked-loop
    // orders = await fetch_orders_async(...)
    co_await fetch(w, ordersKey);  //@ io
    count("completed");
    w.outstanding.done();
}

// run(): all requests at once; the blocking call takes as long as
// the async call would (the same draw)
for (int u = 0; u < n; ++u) {
    w.outstanding.add();
    const Duration blocking = config.latency.sample(
        ctx.random, {ServiceStream, std::uint64_t(2 * u), 0});
    spawn({"request", u}, [&w, kind, u, blocking] {
        return handle(w, kind, std::uint64_t(u), blocking);
    });
}
co_await w.outstanding.wait();  //@ join@main
