// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "retry_budget.h"

#include <algorithm>
#include <stdexcept>

namespace coro {

RetryBudget::RetryBudget(RetryBudgetConfig config) : config_(std::move(config)), balance_(config_.initial)
{
    if (!(config_.ratio >= 0) || !(config_.initial >= 0) || !(config_.max >= config_.initial))
        throw std::invalid_argument("RetryBudget: needs ratio >= 0 and 0 <= initial <= max");
}

void RetryBudget::deposit()
{
    balance_ = std::min(config_.max, balance_ + config_.ratio);
    instrument_.set(tokensGauge_, balance_);
}

bool RetryBudget::tryWithdraw()
{
    if (balance_ < 1 - 1e-9) { // ten deposits of 0.1 make one token
        ++refused_;
        instrument_.add(refusedCount_);
        instrument_.firstTime("exhausted");
        return false;
    }
    balance_ -= 1;
    instrument_.set(tokensGauge_, balance_);
    return true;
}

SignalSpec retryBudgetSignal(const std::string &name)
{
    return {.id = name + ".tokens", .label = "retry budget (tokens)"};
}

} // namespace coro
