// The fail-fast variant (scenarios/gather.cpp): the first exception leaves gather at once.
try {
    kept = double((co_await gather(std::move(tasks))).size());
} catch (const ServiceError &) {
    reported = 1;   // one exception; the other results are lost, the other calls run on
}
