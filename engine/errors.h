// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The exceptions the engine raises into coroutines, named after asyncio's.
#pragma once

#include <stdexcept>
#include <string>

namespace coro {

/// Counts one exception raised in the simulation on the loop running on this thread
/// (Loop::exceptions()); nothing when none runs. Throwing one costs as much as dozens of
/// events, so a run's event budget counts it too.
void countException() noexcept;

/// A base of the exceptions the simulation raises: making one counts it (countException()).
/// Copies are not counted: they are not new throws.
struct CountedException {
    CountedException() noexcept { countException(); }
    CountedException(const CountedException &) noexcept = default;
    CountedException &operator=(const CountedException &) noexcept = default;
};

/// Thrown into a task at the await on which it was cancelled (asyncio.CancelledError).
/// Catch it only to clean up, then rethrow.
struct Cancelled : std::exception, CountedException {
    const char *what() const noexcept override { return "task cancelled"; }
};

/// Thrown by timeout() when the deadline passes before the work finishes (asyncio.TimeoutError).
struct TimeoutError : std::exception, CountedException {
    const char *what() const noexcept override { return "timed out"; }
};

/// Thrown by Channel::send() on a closed channel.
struct ChannelClosed : std::exception, CountedException {
    const char *what() const noexcept override { return "channel closed"; }
};

/// A refusal or failure answered by a remote call (the simulated service, a pool), its status
/// as HTTP spells it: 429, 500, 503... Retry predicates and breakers look only at the status.
class ServiceError : public std::runtime_error, public CountedException {
public:
    explicit ServiceError(int status);
    int status() const { return status_; }

private:
    int status_;
};

} // namespace coro
