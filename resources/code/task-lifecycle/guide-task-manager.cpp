// What the simulation runs (scenarios/task_lifecycle.cpp), trimmed.
// worker() as in fire-and-forget: an error ends it; cancelled, it
// cleans up.
QCoro::Task<void> worker(const Config &c, std::uint64_t id)
{
    // ...
    for (int k = 0; k < c.steps; ++k)
        co_await step(c, id, k);   //@ io@worker
    // ...
}

std::vector<TaskHandle<void>> tasks;   // self.tasks
for (int i = 0; i < ctx.params.integer("workers"); ++i)
    tasks.push_back(spawn({"worker", i},
                          [&c, i] { return worker(c, i); }));
co_await sleep(shutdownAt(ctx));   //@ sleep@main
// The done callbacks have removed every finished task, failures
// included, without retrieving their exceptions.
std::erase_if(tasks, [](const auto &t) { return t.done(); });   //@ unretrieved
for (auto &t : tasks)   // cancel_all()
    if (!t.done())
        t.cancel();
co_await gather(tasks, returnExceptions);   // results dropped  //@ join@main
tasks.clear();
