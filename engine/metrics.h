// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Metrics: the numbers a run is summarised by, measured from the recorder. Names carry their
// SI unit (makespan_s, latency_p99_s); a metric that does not apply is absent, not zero.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace coro {

class Loop;

struct LatencySummary {
    std::uint64_t count = 0;
    double mean = 0, p50 = 0, p95 = 0, p99 = 0, max = 0; // seconds
    bool exact = true; ///< false once the recorder kept only a reservoir
};

/// Percentiles by linear interpolation between closest ranks (NumPy's default); exact over
/// the samples given.
LatencySummary summarizeLatency(std::vector<std::int64_t> samplesNs, std::uint64_t totalCount);

class Metrics {
public:
    void set(const std::string &name, double value);
    std::optional<double> get(const std::string &name) const;
    bool has(const std::string &name) const { return get(name).has_value(); }
    /// In the order they were first set.
    const std::vector<std::pair<std::string, double>> &values() const { return values_; }

private:
    std::vector<std::pair<std::string, double>> values_;
};

/// Theory, for comparison with a run: the mean time in queue of an M/M/c queue (Poisson
/// arrivals at lambda per second, exponential service at mu per server per second, c servers)
/// by Erlang's C formula. Infinite when the queue is unstable (lambda >= c mu).
double erlangCMeanWait(int c, double lambda, double mu);

/// The engine-level summary of a finished run: makespan_s, events, tasks by outcome, loop lag,
/// latency statistics (when latency samples were recorded), every counter by its name, and
/// every gauge's peak as peak_<gauge>.
Metrics summarize(const Loop &loop);

} // namespace coro
