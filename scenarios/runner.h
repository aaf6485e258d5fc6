// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Runs one variant of a scenario on a fresh loop and summarises it in the metric names of the
// command-line contract (README, "The command line"): SI units, the unit in the name, absent when not applicable.
#pragma once

#include "scenario.h"

#include "engine/metrics.h"
#include "engine/recorder.h"

#include <QJsonArray>
#include <QJsonObject>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace coro {
class Recorder;
}

namespace scenarios {

/// What became of the requests a run's callers issued (coro::Answer): every one of them is in
/// exactly one kind, or unfinished.
struct Outcomes {
    std::uint64_t requests = 0;
    std::uint64_t answers[coro::kAnswerKinds] = {};
    std::uint64_t unfinished = 0;
    std::uint64_t of(coro::Answer answer) const { return answers[std::size_t(answer)]; }
    /// {"ok", "failed", "timed_out", "refused", "fallback", "cancelled", "unfinished"}
    QJsonObject toJson() const;
};

struct VariantRun {
    const Variant *variant = nullptr;
    Outcomes outcomes;
    coro::Metrics metrics;
    QJsonObject structured; ///< metrics that are not one number, by name
    QJsonArray events;      ///< the primitives' state events: [{"time_s", "source", "state"}]
    /// The run's story in time order: the state events told in words, and the scenario's verdicts.
    std::vector<Mark> marks;
    /// Everything the run recorded (spans, segments, gauges), as it stood when the run ended,
    /// when asked for: what the GUI draws.
    std::shared_ptr<const coro::Recorder> recorder;
    double end_s = 0; ///< virtual time at which the run ended
    bool stopped = false; ///< abandoned at RunOptions::stop: nothing else is filled in
    /// Empty when the run went to its end; else why it stopped early, in words ("stopped at
    /// its budget of 20,000,000 events (the run's 40,000,000 shared by 2 variants), at 12.5 s of
    /// virtual time"). Everything is filled in, up to that moment.
    std::string truncation;
    bool truncated() const { return !truncation.empty(); }
};

/// What another thread may ask of a run in progress (RunOptions::stop).
enum class StopRequest : std::uint8_t {
    None,
    Abandon,  ///< stop and report nothing: the run is stale (a newer slider value), or unwanted
    Truncate, ///< stop and report what ran so far, marked truncated (the window's Cancel)
};

/// How far a run has got, written by the run every 4096 turns, for another thread to show.
struct RunProgress {
    std::atomic<std::uint64_t> events{0};
    std::atomic<std::int64_t> now_ns{0}; ///< virtual time
};

/// The default event budget of a run of every variant (RunOptions::maxEvents), shared evenly by
/// them: seconds of computing, far beyond what any slider's range needs, far short of a run
/// that would take minutes.
inline constexpr std::uint64_t kDefaultMaxEvents = 40'000'000;
/// What one exception raised in the simulation (a timeout, a failure, a cancellation, a
/// refusal) counts for against the event budget: throwing and unwinding it costs about as much
/// computing as this many events (measured: 3 µs a timeout on a semaphore, 12 µs an exception
/// through a retry's frames, against 0.1 to 0.3 µs an event), so a run made of failures stops in
/// seconds too.
inline constexpr std::uint64_t kEventsPerException = 20;

/// The default memory budget of a run (RunOptions::maxMemoryBytes): with it, any slider
/// combination of any practice or lab stays within about 2 GB, in the window as on the command
/// line.
inline constexpr std::uint64_t kDefaultMaxMemoryBytes = std::uint64_t(2) << 30;
/// What a run counts for each task alive (its state, its coroutine frames, the awaiters and
/// timers it holds) against the memory budget. Measured whole (peak resident memory over tasks
/// alive): about 850 bytes for a request parked on a semaphore, 1,850 for an attempt of four
/// nested hedges, the costliest kind found.
inline constexpr std::uint64_t kBytesPerLiveTask = 2000;
/// How many runs of a sweep compute at once, at most: the sweep's runs share the memory budget
/// among these many, whatever the machine, so a sweep gives the same points everywhere.
inline constexpr int kSweepWorkers = 4;

struct RunOptions {
    bool keepRecorder = false; ///< fill recorder
    /// Record task spans and wait segments (the timeline). A run that shows no timeline and
    /// exports no trace (--run --json) leaves them out: its metrics, events and marks are
    /// the same without them, and it costs less time and memory.
    bool timeline = true;
    /// The event budget (Loop::events(): task starts and wake-ups, and kEventsPerException for
    /// each exception raised) of a run of all the scenario's variants, shared evenly: this variant stops, truncated, after maxEvents /
    /// variants events (at least 1), whichever variants are run. Checked every turn, so the cut
    /// is the same on every machine. 0: none.
    std::uint64_t maxEvents = kDefaultMaxEvents;
    /// The memory budget of a run of all the scenario's variants, in bytes. The variants run
    /// one after another, and what each recorded stays for the charts: a variant stops,
    /// truncated, when its tasks alive (kBytesPerLiveTask each) and its recorded data
    /// (Recorder::recordedBytes) counted once for every variant would take more. Checked every
    /// turn, from counts alone, so the cut is the same on every machine and whichever variants
    /// are run. 0: none.
    std::uint64_t maxMemoryBytes = kDefaultMaxMemoryBytes;
    /// How many runs share the memory budget they were given (a sweep's workers): told in the
    /// truncation, so that a sweep's 512 MB reads as its share of the 2,048.
    std::uint32_t memorySharedBy = 1;
    /// Given the run's recorder when the run ends, before anything is freed: the command line
    /// streams its --trace and --csv from there, so that no copy of the run is made.
    std::function<void(const coro::Recorder &)> exporter;
    /// Looked at every 4096 turns, from another thread (StopRequest).
    const std::atomic<StopRequest> *stop = nullptr;
    RunProgress *progress = nullptr; ///< updated every 4096 turns when given
    /// Given what the run leaves behind (its loop, the tasks still parked on it, its world),
    /// which unwinds and frees them when the last reference goes: the window lets that happen
    /// on another thread, off the way to the screen (a run cut short with 700,000 requests
    /// parked takes a second to unwind). Empty: freed before runVariant returns.
    std::function<void(std::shared_ptr<void>)> dispose;
};

VariantRun runVariant(const Scenario &scenario, const Variant &variant, const Params &params, std::uint64_t seed,
                      RunOptions options = {});

/// What every report says of a run first: {"variant", "role", "truncated", ["truncation"],
/// "requests", "outcomes"}.
QJsonObject runHeader(const VariantRun &run);

/// The --run --json object of the command-line contract: {"scenario", "seed", "parameters",
/// "truncated", "results": [{"variant", "role", "truncated", ["truncation",] "metrics", "events", "marks"}]}.
QJsonObject runReport(const Scenario &scenario, const Params &params, std::uint64_t seed,
                      const std::vector<VariantRun> &runs);

/// A primitive's state event in words: ("breaker", "open") is "breaker opened".
std::string describeEvent(const std::string &source, const std::string &state);

// The window's exports, from runs that kept their recorder, each written whole or not at all
// (coro::OutputFile). On failure they say why in *error.
/// A variant's track in a Chrome trace: "semaphore/unbounded".
QString traceProcessName(const Scenario &scenario, const Variant &variant);
/// The runs' timelines merged into one Chrome trace (a process per variant).
bool writeTrace(const QString &path, const Scenario &scenario, const std::vector<const VariantRun *> &runs, QString *error);
/// DIR/<variant>.csv: where a variant's gauge series go.
QString seriesCsvPath(const QString &directory, const Variant &variant);
/// DIR/<variant>.csv for each run: its gauge series.
bool writeSeriesCsv(const QString &directory, const std::vector<const VariantRun *> &runs, QString *error);

} // namespace scenarios
