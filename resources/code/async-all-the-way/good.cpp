// What the simulation runs (scenarios/async_all_the_way.cpp).
std::vector<TaskHandle<void>> both;
both.push_back(spawn("fetch_user", [&] { return fetch(w, userKey); }));
both.push_back(spawn("fetch_orders", [&] { return fetch(w, ordersKey); }));
co_await gather(std::move(both));
// The bad variant calls blockLoop(latency) for the user: a synchronous call on the loop.
