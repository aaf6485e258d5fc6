// The guide's AIBatchProcessor (scenarios/batching.cpp): sequential batches with a pause.
for (std::size_t start = 0; start < collected.size(); start += size) {
    co_await sendBatch(w, batchAt(start));
    if (start + size < collected.size())
        co_await sleep(pause);     // a fixed delay "for rate limiting"
}
