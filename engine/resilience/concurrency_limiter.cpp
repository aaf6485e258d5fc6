// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "concurrency_limiter.h"

#include "engine/timeout.h"

#include <stdexcept>

namespace coro {

ConcurrencyLimiter::ConcurrencyLimiter(ConcurrencyLimiterConfig config)
    : config_(std::move(config)), permits_(config_.maxConcurrent, config_.name)
{
    if (config_.maxConcurrent < 1 || config_.maxQueue < 0)
        throw std::invalid_argument("ConcurrencyLimiter: maxConcurrent must be >= 1 and maxQueue >= 0");
}

void ConcurrencyLimiter::reject()
{
    ++rejected_;
    instrument_.add(rejectedCount_);
    instrument_.firstTime("first rejection");
    throw LimiterRejected();
}

namespace {
QCoro::Task<Permit> waitFor(Semaphore &s) { co_return co_await s.acquire(); }
} // namespace

QCoro::Task<Permit> ConcurrencyLimiter::acquire()
{
    if (permits_.tryAcquire())
        co_return Permit(&permits_);
    if (int(permits_.waiting()) >= config_.maxQueue)
        reject();
    if (!config_.maxWait)
        co_return co_await permits_.acquire();
    bool timedOut = false;
    Permit permit;
    try {
        permit = co_await timeout(*config_.maxWait, waitFor(permits_));
    } catch (const TimeoutError &) {
        timedOut = true;
    }
    if (timedOut)
        reject();
    co_return permit;
}

} // namespace coro
