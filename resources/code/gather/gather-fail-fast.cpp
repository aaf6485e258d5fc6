// What the simulation runs (scenarios/gather.cpp), trimmed.
QCoro::Task<int> processItem(World &w, std::uint64_t i)
{
    co_await w.service.call(i);  // fails now and then  //@ io@item
    if (w.callerGaveUp)
        count("results_nobody_reads");  // done after gather raised
    co_return int(i);
}

// run(): one task per item, then gather without returnExceptions
std::vector<TaskHandle<int>> tasks;
for (std::uint64_t i = 0; i < n; ++i)
    tasks.push_back(spawn({"item", std::int64_t(i)},
                          [&w, i] { return processItem(w, i); }));
try {
    kept = double((co_await gather(std::move(tasks))).size());  //@ join@main
} catch (const ServiceError &) {  // the first failure  //@ failed@item
    reported = 1;           // one exception, the other results lost
    w.callerGaveUp = true;  // and the other tasks are not cancelled
}
