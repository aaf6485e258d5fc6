// What the simulation runs (scenarios/batching.cpp), trimmed.
QCoro::Task<void> sendBatch(World &w, std::vector<std::uint64_t> items)
{
    co_await w.service.callBatch(w.batchesSent++, items.size());   //@ io@batch
    for (auto i : items)
        finishItem(w, i);
}

std::vector<std::uint64_t> collected;   // the whole list first
co_await arriveAll(ctx, w.outstanding, n,
                   [&](std::uint64_t i) { collected.push_back(i); });
for (std::size_t start = 0; start < collected.size(); start += size) {
    std::vector<std::uint64_t> batch(
        collected.begin() + start,
        collected.begin() + std::min(start + size, collected.size()));
    // every batch its own task: none waits for another
    spawn({"batch", start / size},
          [&w, batch = std::move(batch)]() mutable {
              return sendBatch(w, std::move(batch));
          });
}
co_await w.outstanding.wait();   //@ join@main
