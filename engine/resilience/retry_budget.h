// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// RetryBudget: a client-wide allowance of retries, after Finagle's RetryBudget and gRPC's retry
// throttling. Every successful call deposits `ratio` tokens; every retry withdraws one; a
// retry that finds less than one token is not made, and the failure is returned as it is.
// The balance starts at `initial` (so a client that has not succeeded yet can still retry a
// little) and never exceeds `max`. Over a run, retries <= initial + ratio x successes: however
// long an outage lasts, retries can multiply the calls by at most about 1 + ratio.
//
// The balance is recorded on the "<name>.tokens" gauge, and retries refused are counted
// ("<name>.refused").
#pragma once

#include "engine/instrument.h"
#include "engine/spec.h"

#include <cstdint>
#include <string>

namespace coro {

struct RetryBudgetConfig {
    double ratio = 0.1;   ///< tokens a success earns: the sustained share of retries
    double initial = 10;  ///< tokens at the start
    double max = 100;     ///< tokens at most
    std::string name = "retry_budget";
};

class RetryBudget {
public:
    explicit RetryBudget(RetryBudgetConfig config);
    const RetryBudgetConfig &config() const { return config_; }
    double balance() const { return balance_; }
    std::uint64_t refused() const { return refused_; }

    /// A call succeeded.
    void deposit();
    /// Takes one token for a retry: false (and counted) when there is none.
    bool tryWithdraw();

private:
    RetryBudgetConfig config_;
    double balance_;
    std::uint64_t refused_ = 0;
    Instrument instrument_{config_.name};
    Instrument::Gauge tokensGauge_ = instrument_.gauge("tokens");
    Instrument::Counter refusedCount_ = instrument_.counter("refused");
};

/// The "<name>.tokens" gauge.
SignalSpec retryBudgetSignal(const std::string &name);

} // namespace coro
