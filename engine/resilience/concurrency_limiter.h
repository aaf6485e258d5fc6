// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// ConcurrencyLimiter: a bulkhead, after Resilience4j's Bulkhead. At most maxConcurrent
// callers hold a permit; up to maxQueue more wait for one in FIFO order, each for at most
// maxWait; anyone beyond that is rejected at once with LimiterRejected, and so is a waiter
// whose maxWait runs out. Rejections are counted ("<name>.rejected").
#pragma once

#include "engine/errors.h"
#include "engine/semaphore.h"

#include <qcoro/qcorotask.h>

#include <optional>
#include <string>

namespace coro {

struct LimiterRejected : std::exception, CountedException {
    const char *what() const noexcept override { return "concurrency limit reached"; }
};

struct ConcurrencyLimiterConfig {
    int maxConcurrent = 10;
    int maxQueue = 0;                 ///< callers allowed to wait; 0: reject when full
    std::optional<Duration> maxWait;  ///< how long one may wait; none: as long as it takes
    std::string name = "limiter";
};

class ConcurrencyLimiter {
public:
    explicit ConcurrencyLimiter(ConcurrencyLimiterConfig config);
    const ConcurrencyLimiterConfig &config() const { return config_; }
    std::int64_t inUse() const { return permits_.inUse(); }
    std::uint32_t waiting() const { return permits_.waiting(); }
    std::uint64_t rejected() const { return rejected_; }

    /// A permit, or LimiterRejected.
    QCoro::Task<Permit> acquire();

private:
    [[noreturn]] void reject();

    ConcurrencyLimiterConfig config_;
    Semaphore permits_;
    Instrument instrument_{config_.name};
    Instrument::Counter rejectedCount_ = instrument_.counter("rejected");
    std::uint64_t rejected_ = 0;
};

} // namespace coro
