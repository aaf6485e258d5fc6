// What the simulation runs (scenarios/task_lifecycle.cpp), trimmed.
QCoro::Task<void> worker(const Config &c, std::uint64_t id)
{
    bool cancelled = false;
    try {
        for (int k = 0; k < c.steps; ++k)
            co_await step(c, id, k);   // a WorkerError ends it  //@ io@worker
    } catch (const Cancelled &) {
        cancelled = true;
    }
    if (cancelled) {
        co_await cleanupAfterCancel(c);   // never here: nobody cancels
        throw Cancelled();
    }
}

Config &c = prepare(ctx);   // endWithMain: exit when main returns
for (int i = 0; i < ctx.params.integer("workers"); ++i)   // no handle
    spawn({"worker", i}, [&c, i] { return worker(c, i); });   //@ unretrieved, orphaned
co_await sleep(shutdownAt(ctx));   // ...and main returns  //@ sleep@main
// (The simulation keeps the handles aside only to count orphans.)
