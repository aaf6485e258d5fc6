// The manual variant (scenarios/resource_cleanup.cpp).
Connection opened = co_await w.pool.open();
const std::uint64_t id = opened.detach();   // from here on, only our close() gives it back
co_await w.database.call(i);                // throws, or the task is cancelled...
w.pool.close(id);                           // ...and this line never runs
