// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Service: the simulated remote API, database or model endpoint every scenario calls.
//
// A call arrives, is refused at once if the service is in an outage (503, or it hangs until
// the caller gives up) or over its quota (429, a server-side token bucket), waits in a FIFO
// queue for one of `capacity` servers, is served for a latency drawn for (item, attempt), and
// fails with probability failureProbability (500); a malformed request (badRequestProbability,
// per item) is answered 400 at once, on every attempt. Latency and failure depend only on the
// seed, the item and the attempt, so every variant of a scenario meets the same service.
// Failed and refused calls cost as much as good ones: the provider bills every request.
#pragma once

#include "engine/errors.h"
#include "engine/spec.h"
#include "engine/event.h"
#include "engine/instrument.h"
#include "engine/random.h"
#include "engine/semaphore.h"

#include <qcoro/qcorotask.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace coro {

enum class OutageMode { FailFast, Hang };

struct Outage {
    Time start{};
    Time end{};
    OutageMode mode = OutageMode::FailFast;
};

struct ServiceConfig {
    std::string name = "service"; ///< prefix of its gauges and counters
    std::uint64_t stream = 1;     ///< its own random stream
    Distribution latency = Distribution::fixed(std::chrono::milliseconds(100));
    double failureProbability = 0;
    /// The share of items whose request is malformed: answered 400 Bad Request on every
    /// attempt (drawn per item, not per attempt), which no retry can fix.
    double badRequestProbability = 0;
    std::vector<Outage> outages;
    Duration refusalLatency = std::chrono::milliseconds(1); ///< how long a 429 or 503 takes
    int capacity = 0;                ///< requests served at once; 0: unlimited
    /// The capacity from capacityChangeAt on (a node lost, or added); -1: it never changes.
    /// The change takes effect at the service's first arrival or completion from then on (a
    /// service nobody calls has no capacity to speak of), and "<name>.capacity" records it at
    /// capacityChangeAt itself.
    int capacityAfter = -1;
    Time capacityChangeAt{};
    double quotaRatePerSecond = 0;   ///< 0: no quota
    double quotaBurst = 1;
    double costPerCall = 0;
    double costPerItem = 0;
    /// A request whose caller gave up (timeout, cancellation) is still served to the end, as
    /// real servers do: the work is wasted but the capacity is taken all the same.
    bool finishAbandonedWork = false;
    Duration batchBase = std::chrono::milliseconds(50);
    Duration batchPerItem = std::chrono::milliseconds(5);
};

class Service {
public:
    Service(const KeyedRandom &random, ServiceConfig config);
    Service(const Service &) = delete;
    Service &operator=(const Service &) = delete;

    /// One request for one item. Throws ServiceError on a refusal or a failure.
    QCoro::Task<void> call(std::uint64_t item, std::uint32_t attempt = 0);
    /// One request for `items` items (latency batchBase + items · batchPerItem).
    QCoro::Task<void> callBatch(std::uint64_t batch, std::uint32_t items, std::uint32_t attempt = 0);

    const ServiceConfig &config() const { return config_; }
    /// Requests inside the service (queued or being served).
    std::int64_t inFlight() const { return inFlight_; }
    std::int64_t peakInFlight() const { return peakInFlight_; }
    std::uint64_t calls() const { return calls_; }
    double cost() const { return cost_; }
    bool inOutage(Time t, OutageMode *mode = nullptr) const;

private:
    QCoro::Task<void> serve(Duration latency, double failureDraw, double cost, bool malformed = false);
    QCoro::Task<void> process(Duration latency);
    bool takeQuota(Time t);
    void changeCapacity(Time t);
    KeyedRandom random_;
    ServiceConfig config_;
    std::optional<Semaphore> servers_;
    bool capacityChanged_ = false;
    bool capacityShown_ = false;
    Event never_; // what a hung request waits for
    double quotaTokens_ = 0;
    Time quotaUpdated_{};
    std::int64_t inFlight_ = 0;
    std::int64_t peakInFlight_ = 0;
    std::uint64_t calls_ = 0;
    double cost_ = 0;
    Instrument instrument_{config_.name};
    Instrument::Gauge inFlightGauge_ = instrument_.gauge("in_flight");
    Instrument::Gauge capacityGauge_ = instrument_.gauge("capacity");
    Instrument::Counter callCount_ = instrument_.counter("calls");
    Instrument::Counter costCount_ = instrument_.counter("cost");
    Instrument::Counter outageCount_ = instrument_.counter("outage_calls");
    Instrument::Counter rejectedCount_ = instrument_.counter("rejected_429");
    Instrument::Counter failureCount_ = instrument_.counter("failures");
    Instrument::Counter badRequestCount_ = instrument_.counter("bad_requests");
};

/// The "<name>.in_flight" gauge: calls the server is serving or queueing.
SignalSpec serviceInFlightSignal(const std::string &name);
/// The "<name>.capacity" gauge of a service whose capacity changes (0 when unlimited).
SignalSpec serviceCapacitySignal(const std::string &name);

} // namespace coro
