// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// RetryPolicy and retry(): attempts with exponential backoff and jitter, with the formulas of
// the "Exponential Backoff And Jitter" analysis (AWS Architecture Blog, 2015):
//   none          sleep = min(cap, base * factor^n)
//   full          sleep = random(0, min(cap, base * 2^n))
//   equal         t = min(cap, base * 2^n); sleep = t/2 + random(0, t/2)
//   decorrelated  sleep = min(cap, random(base, 3 * previous sleep))   (previous starts at base)
// where n counts retries from firstRetryExponent (0 by default; the analysis's simulator starts
// at 1, so its first retry waits base * 2). Jitter draws are keyed (seed, stream, item, retry), so a run
// is reproducible and every variant meets the same luck. Which errors are retried is a
// predicate; by default a 429, a 5xx and a timeout are, anything else is not (as a 400 would
// not be). Every retry is counted ("retries") and its sleep shows as WaitKind::Backoff.
#pragma once

#include "engine/errors.h"
#include "engine/random.h"
#include "engine/resilience/retry_budget.h"
#include "engine/sleep.h"

#include <qcoro/qcorotask.h>

#include <exception>
#include <functional>

namespace coro {

enum class Jitter { None, Full, Equal, Decorrelated };
const char *jitterName(Jitter jitter);

/// The default retry predicate: 429, 5xx and timeouts.
bool isTransient(std::exception_ptr error);

struct RetryPolicy {
    int maxAttempts = 3; ///< including the first
    Duration base = std::chrono::milliseconds(100);
    double factor = 2;   ///< growth per retry without jitter (the jittered kinds use 2, as the analysis)
    Duration cap = std::chrono::seconds(10);
    Jitter jitter = Jitter::None;
    int firstRetryExponent = 0; ///< n of the first retry in the formulas above
    std::function<bool(std::exception_ptr)> retryOn = isTransient;
    /// When set, successes earn retries and retries spend them (RetryBudget): a retry the
    /// budget cannot pay for is not made, and the failure is returned.
    RetryBudget *budget = nullptr;

    /// The sleep before retry n (0 for the first retry), given the previous sleep.
    Duration delay(int n, Duration previous, const KeyedRandom &random, const DrawKey &key) const;
};

/// Calls attempt(k) for k = 0, 1, ... until one succeeds, an error is not retryable, or the
/// attempts run out (then the last error is rethrown). Sleeps between attempts per policy.
template <typename AttemptFactory>
auto retry(const RetryPolicy &policy, const KeyedRandom &random, DrawKey key, AttemptFactory attempt)
    -> decltype(attempt(0))
{
    Duration previous = policy.base;
    for (int k = 0;; ++k) {
        std::exception_ptr error;
        try {
            if constexpr (std::is_void_v<typename decltype(attempt(0))::value_type>) {
                co_await attempt(k);
                if (policy.budget)
                    policy.budget->deposit();
                co_return;
            } else {
                auto value = co_await attempt(k);
                if (policy.budget)
                    policy.budget->deposit();
                co_return value;
            }
        } catch (const Cancelled &) {
            throw;
        } catch (...) {
            error = std::current_exception();
        }
        if (k + 1 >= policy.maxAttempts || !policy.retryOn(error) || (policy.budget && !policy.budget->tryWithdraw()))
            std::rethrow_exception(error);
        const Duration pause = policy.delay(k, previous, random, {key.stream, key.item, std::uint64_t(k)});
        previous = pause;
        Loop::running().recorder().add("retries");
        co_await sleep(pause, WaitKind::Backoff);
    }
}

} // namespace coro
