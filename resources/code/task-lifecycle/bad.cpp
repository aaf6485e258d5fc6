// The fire-and-forget variant (scenarios/task_lifecycle.cpp): the handle is dropped.
for (int i = 0; i < n; ++i)
    spawn({"worker", i}, [&c, i] { return worker(c, i); });   // errors unseen, orphaned at exit
co_await sleep(shutdownAt);                                    // ...and main returns
