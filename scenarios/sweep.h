// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Parameter sweeps: every variant of a practice run at N values of one numeric parameter,
// the rest held where they are. Each point is a separate, deterministic run on the same seed,
// so the points can run on worker threads in any order and still give the same answer.
#pragma once

#include "runner.h"

#include <QJsonObject>

#include <functional>
#include <string>
#include <vector>

namespace scenarios {

struct Sweep {
    std::string parameter;
    double from = 0;
    double to = 0;
    int points = 0;
    /// The N values, evenly spaced from `from` to `to` (rounded to the parameter's step when it
    /// is a whole-number one, duplicates dropped).
    std::vector<double> values(const Scenario &scenario) const;
};

/// Reads "KEY=FROM:TO:N" for this scenario. Refuses, with a one-line reason in *error: an
/// unknown parameter, a choice parameter, a value that is not a number, a range outside the
/// parameter's own, N below 2 or above 200, an end off the parameter's steps, or more points
/// than there are steps between the ends.
bool parseSweep(const Scenario &scenario, const std::string &text, Sweep *sweep, std::string *error);

/// Whether every point goes with the other values (Scenario::check): empty when it does, else
/// the first point that does not, and why.
std::string checkSweep(const Scenario &scenario, const Params &base, const Sweep &sweep);

struct SweepPoint {
    double value = 0;
    std::vector<VariantRun> runs; ///< in the order of the variants asked for
};

/// Runs the variants at every value of the sweep on up to `threads` threads; `progress(done,
/// total)` is called as runs finish (from the worker threads). Each run takes `options`'
/// budget and stop request, and records no timeline; after Abandon, the runs not yet begun
/// are not run (the points are then incomplete: nobody should read them).
std::vector<SweepPoint> runSweep(const Scenario &scenario, const Params &base, const std::vector<const Variant *> &variants,
                                 const Sweep &sweep, std::uint64_t seed, int threads,
                                 const std::function<void(int, int)> &progress = {}, const RunOptions &options = {});

/// {"scenario", "seed", "sweep": {"parameter", "points": [{"value", "results": [{"variant", "role", "truncated",
/// ["truncation",] "metrics"}]}]}}
QJsonObject sweepReport(const Scenario &scenario, const Sweep &sweep, std::uint64_t seed, const std::vector<SweepPoint> &points);

} // namespace scenarios
