// What the simulation runs (scenarios/streams.cpp, engine/channel.h),
// trimmed.
QCoro::Task<void> consumer(World &w, Channel<std::uint64_t> &queue)
{
    // std::nullopt once the queue is closed and drained
    while (auto item = co_await queue.receive()) {   //@ channel@consumer
        setBuffered(w, double(queue.size()));
        co_await processItem(w, *item);   //@ io@consumer
    }
}

auto &queue = ctx.make<Channel<std::uint64_t>>(queueSize);   // bounded
std::vector<TaskHandle<void>> workers;
for (int c = 0; c < consumers; ++c)
    workers.push_back(spawn({"consumer", c},
                            [&w, &queue] { return consumer(w, queue); }));
for (std::uint64_t i = 0; i < w.items; ++i) {
    co_await fetchItem(w, i);   //@ channel@main
    co_await queue.send(i);     // waits while full: backpressure
    setBuffered(w, double(queue.size()));
}
queue.close();
for (auto &worker : workers)
    co_await worker;   //@ join@main
