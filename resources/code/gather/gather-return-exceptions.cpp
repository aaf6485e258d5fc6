// What the simulation runs (scenarios/gather.cpp), trimmed.
QCoro::Task<int> processItem(World &w, std::uint64_t i)
{
    co_await w.service.call(i);  // fails now and then  //@ io@item
    co_return int(i);
}

// run(): one task per item, then gather with returnExceptions
std::vector<TaskHandle<int>> tasks;
for (std::uint64_t i = 0; i < n; ++i)
    tasks.push_back(spawn({"item", std::int64_t(i)},
                          [&w, i] { return processItem(w, i); }));
const auto outcomes =
    co_await gather(std::move(tasks), returnExceptions);  //@ join@main
for (const auto &o : outcomes)        // in order, every item's outcome
    (o.ok() ? kept : reported) += 1;  // value or error  //@ failed@item
