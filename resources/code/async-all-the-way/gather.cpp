// What the simulation runs (scenarios/async_all_the_way.cpp), trimmed.
QCoro::Task<void> handle(World &w, Kind kind, std::uint64_t user,
                         Duration blockingCall)
{
    const std::uint64_t userKey = 2 * user, ordersKey = 2 * user + 1;
    std::vector<TaskHandle<void>> both;  // both calls at once
    both.push_back(spawn({"fetch_user", std::int64_t(user)},
        [&w, userKey] { return fetch(w, userKey); }));  //@ io@fetch_user
    both.push_back(spawn({"fetch_orders", std::int64_t(user)},
        [&w, ordersKey] { return fetch(w, ordersKey); }));  //@ io@fetch_orders
    co_await gather(std::move(both));  // the slower of the two  //@ join@request
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
