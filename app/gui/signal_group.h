// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Which charts a scenario gets: its declared signals, grouped by how they are read.
#pragma once

#include "engine/spec.h"

#include <optional>
#include <vector>

namespace scenarios {
class Params;
}

namespace gui {

/// How a group of signals is read: counts, seconds, a rate, or a state (the breaker).
enum class SignalKind { Count, Seconds, Rate, State };

struct SignalGroup {
    SignalKind kind = SignalKind::Count;
    std::vector<coro::SignalSpec> members;
};

/// Splits a scenario's signals into charts by unit: signals sharing a unit share a chart; a
/// state signal gets a chart of its own.
std::vector<SignalGroup> groupSignals(const std::vector<coro::SignalSpec> &declared);

/// The value of a reference line at time t under these parameters; nothing when it does not
/// apply (a limit of 0, which the scenarios use for "unlimited").
std::optional<double> referenceValue(const coro::ReferenceLine &line, const scenarios::Params &params, double t = 0);

} // namespace gui
