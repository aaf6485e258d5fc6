// What the simulation runs (scenarios/gather.cpp, engine/gather.h).
const auto outcomes = co_await gather(std::move(tasks), returnExceptions);
for (const auto &o : outcomes)
    (o.ok() ? kept : reported) += 1;
