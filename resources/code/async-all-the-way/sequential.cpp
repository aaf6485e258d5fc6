// What the simulation runs (scenarios/async_all_the_way.cpp), trimmed.
QCoro::Task<void> handle(World &w, Kind kind, std::uint64_t user,
                         Duration blockingCall)
{
    const std::uint64_t userKey = 2 * user, ordersKey = 2 * user + 1;
    co_await fetch(w, userKey);    // the loop is free meanwhile  //@ io
    co_await fetch(w, ordersKey);  // starts after the first  //@ io
    count("completed");
    w.outstanding.done();
}

// run(): all requests at once (blocking: unused here)
for (int u = 0; u < n; ++u) {
    w.outstanding.add();
    spawn({"request", u}, [&w, kind, u, blocking] {
        return handle(w, kind, std::uint64_t(u), blocking);
    });
}
co_await w.outstanding.wait();  //@ join@main
