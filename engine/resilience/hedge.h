// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// hedge(): hedged requests, after Polly's hedging strategy and gRPC's hedging policy.
//
// The first attempt starts at once. Each time `delay` passes without a success, another one
// starts, up to maxHedges more; an attempt that fails with a transient error (isTransient, as
// retry() would retry it) starts the next one at once instead of waiting. The first success
// wins and every attempt still running is cancelled, and hedge() returns only once they have
// unwound. When every attempt has failed, the last failure is rethrown; a failure that is not
// transient (a 400) ends the race at once. Each attempt runs as a task of its own ("attempt",
// k) and is a real call: the extra ones are counted as "hedged_calls".
//
// Cancelling the caller cancels every attempt, which likewise unwind before hedge() rethrows.
#pragma once

#include "engine/event.h"
#include "engine/resilience/retry.h"
#include "engine/task_group.h"
#include "engine/timeout.h"

#include <qcoro/qcorotask.h>

#include <exception>

namespace coro {

namespace detail {
inline QCoro::Task<void> waitFor(Event &event)
{
    co_await event.wait(WaitKind::Join);
}
} // namespace detail

struct HedgePolicy {
    Duration delay = std::chrono::milliseconds(100); ///< how long an attempt runs alone before the next starts
    int maxHedges = 1;                               ///< attempts beyond the first
};

/// Runs attempt(k) (a QCoro::Task<void>) for k = 0, 1, ... as described above.
template <typename AttemptFactory>
QCoro::Task<void> hedge(HedgePolicy policy, AttemptFactory attempt)
{
    struct Race {
        Event changed;
        int running = 0;
        bool won = false;
        bool failedSinceLaunch = false;
        bool fatal = false;
        std::exception_ptr lastError;
    } race;
    TaskGroup attempts;
    int launched = 0;
    auto launch = [&] {
        const int k = launched++;
        if (k > 0)
            Loop::running().recorder().add("hedged_calls");
        ++race.running;
        race.failedSinceLaunch = false;
        attempts.spawn({"attempt", k}, [&race, &attempt, k]() -> QCoro::Task<void> {
            try {
                co_await attempt(k);
                race.won = true;
            } catch (const Cancelled &) {
                --race.running;
                throw;
            } catch (...) {
                race.lastError = std::current_exception();
                race.failedSinceLaunch = true;
                race.fatal = race.fatal || !isTransient(race.lastError);
            }
            --race.running;
            race.changed.set();
        });
    };

    std::exception_ptr cancelled;
    try {
        launch();
        while (!race.won && !race.fatal && (race.running > 0 || launched <= policy.maxHedges)) {
            const bool mayHedge = launched <= policy.maxHedges;
            if (mayHedge && (race.failedSinceLaunch || race.running == 0)) {
                launch();
                continue;
            }
            race.changed.clear();
            if (!mayHedge) {
                co_await race.changed.wait(WaitKind::Join);
                continue;
            }
            try {
                co_await timeout(policy.delay, detail::waitFor(race.changed));
            } catch (const TimeoutError &) {
                launch(); // the delay passed with no answer yet
            }
        }
    } catch (const Cancelled &) {
        cancelled = std::current_exception();
    }
    attempts.cancel(); // the losers, or everyone when the caller was cancelled
    co_await attempts.wait();
    if (cancelled)
        std::rethrow_exception(cancelled);
    if (!race.won)
        std::rethrow_exception(race.lastError);
}

} // namespace coro
