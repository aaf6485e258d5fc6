// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Typed descriptions of what a run measures: a metric (one number per run) and a signal (a
// recorder gauge over time). Scenarios and primitives declare them; the command line, the
// summary strip, the charts and the metrics table read labels, units and the better direction
// from them instead of guessing from names.
#pragma once

#include <string>
#include <vector>

namespace coro {

/// Which way a metric improves: fewer timeouts (lower), more completed (higher), or neither
/// (a configured rate, a count of heartbeats).
enum class Better { Lower, Higher, None };

/// How a number reads: a plain count, seconds, money, a rate per second, a plain ratio.
enum class Unit { Count, Seconds, Money, PerSecond, Ratio };

/// "lower", "higher", or nullptr for None (JSON null).
const char *betterName(Better better);
/// The unit as the command line spells it: "", "s", "$", "/s", "×".
const char *unitSymbol(Unit unit);

struct MetricSpec {
    std::string id;    ///< the name in Metrics and JSON, with its SI unit: "latency_p99_s"
    std::string label; ///< for readers: "p99 latency"
    Unit unit = Unit::Count;
    Better better = Better::None;
    /// Headline metrics teach the practice: under the defaults every good variant beats or
    /// ties every bad one on each of them, and beats it on at least one.
    bool headline = false;
    /// A count of events: absent means none happened, so the run reports 0 (it applies).
    bool absentMeansZero = false;
};

/// A dashed line on a signal's chart: a limit the reader compares the signal with. Its value
/// is the scenario parameter named, or the constant when no parameter is named; with a slope
/// parameter it grows by that much per second (a token bucket's bound: burst + rate·t); or a
/// gauge of the run.
struct ReferenceLine {
    std::string label;
    std::string parameter;
    double value = 0;
    std::string slopeParameter;
    /// When set, the line is this gauge of the run instead (a limit that moves: the limit
    /// Little's law gives as the server's capacity changes), drawn dashed from the first
    /// variant that records it.
    std::string gauge;
};

/// A stretch of time the world is in a special state (an outage, a hang), shaded behind the
/// charts and timelines. It starts at the value of startParameter (0 when none is named) and
/// lasts lengthParameter seconds.
struct TimeBand {
    std::string label;
    std::string startParameter;
    std::string lengthParameter;
};

struct SignalSpec {
    std::string id;    ///< the recorder gauge: "service.in_flight"
    std::string label; ///< for readers: "server in flight"
    Unit unit = Unit::Count;
    /// For a state signal: the label of value 0, 1, 2... ("closed", "open", "half-open").
    std::vector<std::string> states;
    std::vector<ReferenceLine> references;
    bool isState() const { return !states.empty(); }
};

} // namespace coro
