// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// An M/M/c queue on the engine: Poisson arrivals, exponential service, c servers guarded by a
// semaphore. Shared by the Erlang C test and the benchmark.
#pragma once

#include "engine/loop.h"
#include "engine/metrics.h"
#include "engine/random.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"

#include <cmath>

namespace coro::test {

struct MmcResult {
    double meanWaitSeconds = 0;
    std::uint64_t customers = 0;
    std::uint64_t events = 0;
};

inline QCoro::Task<void> mmcCustomer(Semaphore &servers, Duration service, double &totalWait)
{
    const Time arrived = now();
    auto permit = co_await servers.acquire();
    totalWait += toSeconds(now() - arrived);
    co_await sleep(service, WaitKind::Io);
}

inline MmcResult runMmc(int servers, double arrivalRate, double serviceRate, std::uint64_t customers, std::uint64_t seed,
                        RecorderLimits limits = {})
{
    Loop loop(limits);
    double totalWait = 0;
    Semaphore permits(servers);
    loop.spawn("arrivals", [&]() -> QCoro::Task<void> {
        const KeyedRandom random(seed);
        const auto gap = Distribution::exponential(fromSeconds(1.0 / arrivalRate));
        const auto work = Distribution::exponential(fromSeconds(1.0 / serviceRate));
        for (std::uint64_t i = 0; i < customers; ++i) {
            co_await sleep(gap.sample(random, {1, i, 0}));
            const Duration service = work.sample(random, {2, i, 0});
            spawn({"customer", std::int64_t(i)}, [&, service] { return mmcCustomer(permits, service, totalWait); });
        }
    });
    loop.runToEnd();
    return {totalWait / double(customers), customers, loop.events()};
}

/// Mean time in queue of M/M/c by Erlang's C formula (the engine's, under the tests' name).
inline double erlangCWait(int c, double lambda, double mu) { return erlangCMeanWait(c, lambda, mu); }

} // namespace coro::test
