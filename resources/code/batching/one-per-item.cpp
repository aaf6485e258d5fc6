// What the simulation runs (scenarios/batching.cpp), trimmed.
QCoro::Task<void> oneCall(World &w, std::uint64_t i)
{
    // a request, a fee and an overhead per item
    co_await w.service.call(i);   //@ io@item
    finishItem(w, i);
}

co_await arriveAll(ctx, w.outstanding, n, [&w](std::uint64_t i) {
    w.arrivedAt[i] = now();
    spawn({"item", i}, [&w, i] { return oneCall(w, i); });
});
co_await w.outstanding.wait();   //@ join@main
