// Runs one variant of a scenario on a fresh loop and summarises it in the metric names of the
// command-line contract (README, "The command line"): SI units, the unit in the name, absent when not applicable.
#pragma once

#include "scenario.h"

#include "engine/metrics.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

#include <atomic>
#include <memory>

namespace coro {
class Recorder;
}

namespace scenarios {

struct VariantRun {
    const Variant *variant = nullptr;
    coro::Metrics metrics;
    QJsonObject structured; ///< metrics that are not one number, by name
    QJsonArray events;      ///< the primitives' state events: [{"time_s", "source", "state"}]
    /// The run's story in time order: the state events told in words, and the scenario's verdicts.
    std::vector<Mark> marks;
    QByteArray trace; ///< Chrome trace JSON, when asked for
    QByteArray csv;   ///< gauge series, when asked for
    /// Everything the run recorded (spans, segments, gauges), as it stood when the run ended,
    /// when asked for: what the GUI draws.
    std::shared_ptr<const coro::Recorder> recorder;
    double end_s = 0; ///< virtual time at which the run ended
    bool stopped = false; ///< stopped early at RunOptions::stop: nothing else is filled in
};

struct RunOptions {
    bool exportData = false;   ///< fill trace and csv
    bool keepRecorder = false; ///< fill recorder
    /// Record task spans and wait segments (the timeline). A run that shows no timeline and
    /// exports no trace (--run --json) leaves them out: its metrics, events and marks are
    /// the same without them, and it costs less time and memory.
    bool timeline = true;
    /// Looked at every 4096 turns, from another thread: once set, the run stops where it is
    /// (a newer slider value has made it stale) and comes back marked stopped.
    const std::atomic<bool> *stop = nullptr;
};

VariantRun runVariant(const Scenario &scenario, const Variant &variant, const Params &params, std::uint64_t seed,
                      RunOptions options = {});

/// The --run --json object of the command-line contract:
/// {"scenario", "seed", "parameters", "results": [{"variant", "role", "metrics", "events", "marks"}]}.
QJsonObject runReport(const Scenario &scenario, const Params &params, std::uint64_t seed,
                      const std::vector<VariantRun> &runs);

/// A primitive's state event in words: ("breaker", "open") is "breaker opened".
std::string describeEvent(const std::string &source, const std::string &state);

/// Several Chrome traces as one, each on its own process track (pid 1, 2, ...).
QByteArray mergeTraces(const std::vector<QByteArray> &traces);

// The exports the window and the command line both write, from runs that kept their recorder
// or their export data. On failure they say why in *error.
/// The runs' timelines merged into one Chrome trace (a process per variant).
bool writeTrace(const QString &path, const Scenario &scenario, const std::vector<const VariantRun *> &runs, QString *error);
/// DIR/<variant>.csv for each run: its gauge series.
bool writeSeriesCsv(const QString &directory, const std::vector<const VariantRun *> &runs, QString *error);

} // namespace scenarios
