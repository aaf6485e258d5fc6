// What the simulation runs (scenarios/executor.cpp), trimmed to the
// on-loop branch.
QCoro::Task<void> job(World &w, Duration cpu)
{
    // A synchronous call: timers, requests and heartbeats all wait.
    blockLoop(cpu);   //@ blocked-loop@job
    count("completed");
    w.outstanding.done();
}

for (int i = 0; i < n; ++i) {
    w.outstanding.add();
    spawn({"job", i}, [&w, cpu] { return job(w, cpu); });
}
co_await w.outstanding.wait();   //@ join@main
