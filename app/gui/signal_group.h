// Which charts a scenario gets: its declared signals, grouped by how they are read.
#pragma once

#include <QString>

#include <string>
#include <vector>

namespace gui {

/// How a group of signals is read: counts, seconds, a rate, or a state (the breaker).
enum class SignalKind { Count, Seconds, Rate, State };

struct SignalGroup {
    SignalKind kind = SignalKind::Count;
    std::vector<std::string> gauges;
};

/// Splits a scenario's signals into charts by unit: signals sharing a unit share a chart.
std::vector<SignalGroup> groupSignals(const std::vector<std::string> &names);
/// A reader's name for a recorder gauge ("service.in_flight" -> "server in flight").
QString signalLabel(const std::string &gauge);

} // namespace gui
