// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "service.h"

#include "engine/sleep.h"

#include <algorithm>

namespace coro {

namespace {
constexpr std::int64_t kUnlimited = std::int64_t(1) << 40; // a capacity of 0 that may change
}

Service::Service(const KeyedRandom &random, ServiceConfig config)
    : random_(random), config_(std::move(config)), quotaTokens_(config_.quotaBurst)
{
    if (config_.capacity < 0 || config_.capacityAfter < -1)
        throw std::invalid_argument("Service: capacity must be >= 0");
    if (config_.capacity > 0 || config_.capacityAfter >= 0)
        servers_.emplace(config_.capacity > 0 ? config_.capacity : kUnlimited);
    capacityChanged_ = config_.capacityAfter < 0;
}

void Service::changeCapacity(Time t)
{
    if (capacityChanged_)
        return;
    if (t < config_.capacityChangeAt) {
        if (!capacityShown_) {
            capacityShown_ = true;
            instrument_.set(capacityGauge_, double(config_.capacity));
        }
        return;
    }
    capacityChanged_ = true;
    instrument_.setAt(capacityGauge_, config_.capacityChangeAt, double(config_.capacityAfter));
    servers_->setLimit(config_.capacityAfter > 0 ? config_.capacityAfter : kUnlimited);
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

namespace {
// Keeps the in-flight gauge right however a request ends: answered, refused, failed or
// abandoned by a cancelled caller.
class InFlight {
public:
    InFlight(std::int64_t &n, std::int64_t &peak, Instrument &instrument, Instrument::Gauge gauge)
        : n_(n), instrument_(instrument), gauge_(gauge)
    {
        ++n_;
        peak = std::max(peak, n_);
        instrument_.set(gauge_, double(n_));
    }
    ~InFlight()
    {
        --n_;
        instrument_.set(gauge_, double(n_));
    }
    InFlight(const InFlight &) = delete;
    InFlight &operator=(const InFlight &) = delete;

private:
    std::int64_t &n_;
    Instrument &instrument_;
    Instrument::Gauge gauge_;
};
} // namespace

QCoro::Task<void> Service::call(std::uint64_t item, std::uint32_t attempt)
{
    const DrawKey key{config_.stream, item, attempt};
    const double cost = config_.costPerCall + config_.costPerItem;
    const bool malformed = config_.badRequestProbability > 0 &&
                           random_.uniform({config_.stream + 0x300, item, 0}) < config_.badRequestProbability;
    return serve(config_.latency.sample(random_, key), random_.uniform({config_.stream + 0x100, item, attempt}), cost, malformed);
}

QCoro::Task<void> Service::callBatch(std::uint64_t batch, std::uint32_t items, std::uint32_t attempt)
{
    const Duration latency = config_.batchBase + config_.batchPerItem * items;
    const double cost = config_.costPerCall + config_.costPerItem * items;
    return serve(latency, random_.uniform({config_.stream + 0x200, batch, attempt}), cost);
}

QCoro::Task<void> Service::process(Duration latency)
{
    InFlight inFlight(inFlight_, peakInFlight_, instrument_, inFlightGauge_);
    Permit server;
    if (servers_) {
        changeCapacity(Loop::running().now());
        server = co_await servers_->acquire();
    }
    co_await sleep(latency, WaitKind::Io);
    if (servers_)
        changeCapacity(Loop::running().now()); // before this server is handed on
}

QCoro::Task<void> Service::serve(Duration latency, double failureDraw, double cost, bool malformed)
{
    Loop &loop = Loop::running();
    ++calls_;
    cost_ += cost;
    instrument_.add(callCount_);
    instrument_.add(costCount_, cost);

    OutageMode mode{};
    if (inOutage(loop.now(), &mode)) {
        instrument_.add(outageCount_);
        instrument_.firstTime(mode == OutageMode::Hang ? "first call into the hang" : "first call into the outage");
        if (mode == OutageMode::Hang) {
            InFlight inFlight(inFlight_, peakInFlight_, instrument_, inFlightGauge_);
            co_await never_.wait(WaitKind::Hung); // until the caller gives up
        }
        co_await sleep(config_.refusalLatency, WaitKind::Io);
        throw ServiceError(503);
    }
    if (!takeQuota(loop.now())) {
        instrument_.add(rejectedCount_);
        instrument_.firstTime("first 429");
        co_await sleep(config_.refusalLatency, WaitKind::Io);
        throw ServiceError(429);
    }
    if (malformed) { // rejected on sight: nothing to serve
        instrument_.add(badRequestCount_);
        instrument_.firstTime("first 400");
        co_await sleep(config_.refusalLatency, WaitKind::Io);
        throw ServiceError(400);
    }
    if (config_.finishAbandonedWork) {
        // The server's side is a task of its own: a caller that gives up does not stop it.
        auto work = loop.spawn("server", [this, latency] { return process(latency); });
        co_await work;
    } else {
        co_await process(latency);
    }
    if (failureDraw < config_.failureProbability) {
        instrument_.add(failureCount_);
        instrument_.firstTime("first failure");
        throw ServiceError(500);
    }
}

SignalSpec serviceCapacitySignal(const std::string &name)
{
    return {.id = name + ".capacity", .label = "server capacity"};
}

SignalSpec serviceInFlightSignal(const std::string &name)
{
    return {.id = name + ".in_flight", .label = "server in flight"};
}

} // namespace coro
