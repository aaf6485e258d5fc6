// What the simulation runs (scenarios/gather.cpp), trimmed.
QCoro::Task<int> processItem(World &w, std::uint64_t i)
{
    co_await w.service.call(i);  // fails now and then  //@ io
    co_return int(i);
}

// run(): in the main task, one item after another
for (std::uint64_t i = 0; i < n; ++i) {
    try {
        co_await processItem(w, i);  // the next waits for this one
        ++kept;
    } catch (const ServiceError &) {
        ++reported;                  // and the loop goes on
    }
}
