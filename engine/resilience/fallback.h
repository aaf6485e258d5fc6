// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// withFallback(): a default answer when the call fails, after Polly's fallback strategy and
// Resilience4j's recover(). Runs work(); if it throws anything but Cancelled, returns
// `fallback` instead and counts it ("fallbacks"). The caller gets an answer, not the truth: a
// cached or degraded one, which the run counts apart from real successes.
#pragma once

#include "engine/errors.h"
#include "engine/loop.h"

#include <qcoro/qcorotask.h>

namespace coro {

/// For a QCoro::Task<void>: a failure becomes a normal return.
template <typename Work>
QCoro::Task<void> withFallback(Work work)
{
    try {
        co_await work();
    } catch (const Cancelled &) {
        throw;
    } catch (...) {
        Loop::running().recorder().add("fallbacks");
    }
}

/// For a QCoro::Task<T>: a failure returns `fallback`.
template <typename Work, typename T>
QCoro::Task<T> withFallback(Work work, T fallback)
{
    try {
        co_return co_await work();
    } catch (const Cancelled &) {
        throw;
    } catch (...) {
        Loop::running().recorder().add("fallbacks");
    }
    co_return fallback;
}

} // namespace coro
