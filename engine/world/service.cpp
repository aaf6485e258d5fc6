#include "service.h"

#include "../sleep.h"

#include <algorithm>

namespace coro {

ServiceError::ServiceError(int status)
    : std::runtime_error(status == 429   ? std::string("429 Too Many Requests")
                         : status == 503 ? std::string("503 Service Unavailable")
                         : status == 500 ? std::string("500 Internal Server Error")
                                         : "HTTP " + std::to_string(status)),
      status_(status)
{
}

Service::Service(const KeyedRandom &random, ServiceConfig config)
    : random_(random), config_(std::move(config)), quotaTokens_(config_.quotaBurst)
{
    if (config_.capacity > 0)
        servers_.emplace(config_.capacity);
}

bool Service::inOutage(Time t, OutageMode *mode) const
{
    for (const Outage &o : config_.outages)
        if (t >= o.start && t < o.end) {
            if (mode)
                *mode = o.mode;
            return true;
        }
    return false;
}

bool Service::takeQuota(Time t)
{
    if (config_.quotaRatePerSecond <= 0)
        return true;
    quotaTokens_ = std::min(config_.quotaBurst, quotaTokens_ + config_.quotaRatePerSecond * toSeconds(t - quotaUpdated_));
    quotaUpdated_ = t;
    if (quotaTokens_ < 1.0)
        return false;
    quotaTokens_ -= 1.0;
    return true;
}

void Service::count(const char *what)
{
    Loop::running().recorder().add(config_.name + "." + what);
}

namespace {
// Keeps the in-flight gauge right however a request ends: answered, refused, failed or
// abandoned by a cancelled caller.
class InFlight {
public:
    InFlight(std::int64_t &n, std::int64_t &peak, const std::string &gauge) : n_(n), loop_(Loop::running())
    {
        ++n_;
        peak = std::max(peak, n_);
        gauge_ = loop_.recorder().gauge(gauge);
        loop_.recorder().set(gauge_, loop_.now(), double(n_));
    }
    ~InFlight()
    {
        --n_;
        loop_.recorder().set(gauge_, loop_.now(), double(n_));
    }
    InFlight(const InFlight &) = delete;
    InFlight &operator=(const InFlight &) = delete;

private:
    std::int64_t &n_;
    Loop &loop_;
    int gauge_ = -1;
};
} // namespace

QCoro::Task<void> Service::call(std::uint64_t item, std::uint32_t attempt)
{
    const DrawKey key{config_.stream, item, attempt};
    const double cost = config_.costPerCall + config_.costPerItem;
    return serve(config_.latency.sample(random_, key), random_.uniform({config_.stream + 0x100, item, attempt}), cost);
}

QCoro::Task<void> Service::callBatch(std::uint64_t batch, std::uint32_t items, std::uint32_t attempt)
{
    const Duration latency = config_.batchBase + config_.batchPerItem * items;
    const double cost = config_.costPerCall + config_.costPerItem * items;
    return serve(latency, random_.uniform({config_.stream + 0x200, batch, attempt}), cost);
}

QCoro::Task<void> Service::process(Duration latency)
{
    InFlight inFlight(inFlight_, peakInFlight_, config_.name + ".in_flight");
    Permit server;
    if (servers_)
        server = co_await servers_->acquire();
    co_await sleep(latency, WaitKind::Io);
}

QCoro::Task<void> Service::serve(Duration latency, double failureDraw, double cost)
{
    Loop &loop = Loop::running();
    ++calls_;
    cost_ += cost;
    count("calls");
    loop.recorder().add(config_.name + ".cost", cost);

    OutageMode mode{};
    if (inOutage(loop.now(), &mode)) {
        count("outage_calls");
        if (mode == OutageMode::Hang) {
            InFlight inFlight(inFlight_, peakInFlight_, config_.name + ".in_flight");
            co_await never_.wait(WaitKind::Io); // until the caller gives up
        }
        co_await sleep(config_.refusalLatency, WaitKind::Io);
        throw ServiceError(503);
    }
    if (!takeQuota(loop.now())) {
        count("rejected_429");
        co_await sleep(config_.refusalLatency, WaitKind::Io);
        throw ServiceError(429);
    }
    if (config_.finishAbandonedWork) {
        // The server's side is a task of its own: a caller that gives up does not stop it.
        auto work = loop.spawn("server", [this, latency] { return process(latency); });
        co_await work;
    } else {
        co_await process(latency);
    }
    if (failureDraw < config_.failureProbability) {
        count("failures");
        throw ServiceError(500);
    }
}

} // namespace coro
