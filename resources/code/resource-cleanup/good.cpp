// What the simulation runs (scenarios/resource_cleanup.cpp, engine/world/connection_pool.h).
QCoro::Task<void> managedJob(World &w, std::uint64_t i)
{
    Connection conn = co_await w.pool.open();   // async with pool.connection() as conn:
    co_await w.database.call(i);
}                                               // closed here on every path
