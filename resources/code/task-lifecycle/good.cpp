// What the simulation runs (scenarios/task_lifecycle.cpp, engine/task_group.h).
TaskGroup group;
for (int i = 0; i < n; ++i)
    group.spawn({"worker", i}, [&c, i] { return resilientWorker(c, i); });
co_await sleep(shutdownAt);
group.cancel();
co_await group.wait();   // every cleanup has run when this returns
