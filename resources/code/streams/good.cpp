// What the simulation runs (scenarios/streams.cpp, engine/channel.h).
Channel<std::uint64_t> queue(10);
for (int c = 0; c < 4; ++c)
    spawn({"consumer", c}, [&] { return consumer(w, queue); });   // while (auto item = co_await queue.receive()) ...
for (std::uint64_t i = 0; i < items; ++i) {
    co_await fetchItem(w, i);
    co_await queue.send(i);                                       // backpressure when full
}
queue.close();
