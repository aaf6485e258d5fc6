// What the simulation runs (scenarios/task_lifecycle.cpp,
// engine/task_group.h), trimmed.
QCoro::Task<void> resilientWorker(const Config &c, std::uint64_t id)
{
    bool cancelled = false;
    for (int k = 0; k < c.steps && !cancelled; ++k) {
        try {
            co_await step(c, id, k);   //@ io@worker
        } catch (const WorkerError &) {
            count("errors_handled");   // seen, and the worker goes on
        } catch (const Cancelled &) {
            cancelled = true;
        }
    }
    if (cancelled) {
        co_await cleanupAfterCancel(c);   // flush, release, acknowledge
        throw Cancelled();
    }
}

TaskGroup &group = ctx.make<TaskGroup>();
for (int i = 0; i < ctx.params.integer("workers"); ++i)
    group.spawn({"worker", i}, [&c, i] { return resilientWorker(c, i); });
co_await sleep(shutdownAt(ctx));   //@ sleep@main
group.cancel();
co_await group.wait();   // every cleanup has run  //@ join@main
