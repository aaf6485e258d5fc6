// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// A simulation as the window shows it: every variant of a scenario run to its end on the same
// seed and parameters, with what the timeline needs precomputed (lanes, segments per task).
// Runs are deterministic, so the window runs each once and plays it back by moving a time
// cursor. Simulator runs them off the GUI thread, newest request wins.
#pragma once

#include "engine/recorder.h"
#include "scenarios/runner.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace gui {

struct VariantResult {
    scenarios::VariantRun run;
    /// Tasks packed into lanes: a lane is reused once its last task has ended.
    std::vector<int> laneOfSpan;
    int laneCount = 0;
    /// Span indices of each lane, in start order.
    std::vector<std::vector<std::uint32_t>> lanes;
    /// Segment indices ordered by (task, start); a span's segments are the range
    /// [segmentBegin[span], segmentEnd[span]) of it.
    std::vector<std::uint32_t> segmentOrder;
    std::vector<std::uint32_t> segmentBegin;
    std::vector<std::uint32_t> segmentEnd;
    /// Span index of each task id (-1 when the span was not kept).
    std::vector<std::int32_t> spanOfTask;

    const coro::Recorder &recorder() const { return *run.recorder; }
};

/// What one task was doing at a moment, in the terms the Code tab's anchors use.
struct TaskMoment {
    std::uint32_t span = 0;
    std::string task;       ///< the task's name: "request"
    std::int64_t index = -1; ///< its index: request #12; -1 for none
    std::string wait;       ///< the wait kind's name ("io", "queued"), or empty while running
    coro::WaitKind kind{};  ///< the wait kind, when `wait` is not empty
    int ordinal = 0;        ///< 0 for the task's first wait of this kind, 1 for its second...
    std::string outcome;    ///< at or after the task's end: "timed-out", "refused"...; else empty
    double from_s = 0, to_s = 0; ///< the wait (or the run of code) this moment falls in
    bool ended = false;     ///< the moment is at or after the task's end
    bool world = false;     ///< a task of the simulated world, not of the code (Scenario::worldTasks)
    bool operator==(const TaskMoment &) const = default;
};

/// The anchor name of a task outcome: "timed-out", "refused", "failed", "cancelled",
/// "unretrieved", "orphaned"; empty for none.
const char *outcomeAnchor(coro::TaskOutcome outcome);

struct Simulation;

/// Span `span` of variant `v` at `seconds`; `slack` widens each wait by that much on both sides
/// (a pixel's worth of time, for hovering).
TaskMoment momentOf(const Simulation &simulation, int variant, std::uint32_t span, double seconds, double slack = 0);

struct Simulation {
    const scenarios::Scenario *scenario = nullptr;
    scenarios::Params params;
    std::uint64_t seed = 1;
    std::vector<VariantResult> variants;
    double end_s = 0; ///< the longest variant's end: the shared time axis
    /// Sorted distinct times at which something starts or ends (for stepping), capped.
    std::vector<double> eventTimes;
    double computeSeconds = 0; ///< wall time the runs took (measured at the edge, for display)

    // Computed with the runs, off the GUI thread, so that showing a run only reads them.
    std::unordered_map<std::string, double> gaugeTop; ///< each gauge's highest value in any variant
    double latencyMax = 0;     ///< the longest latency in any variant, seconds; 0: none recorded
    std::uint64_t events = 0;  ///< events simulated, all variants together
    std::vector<bool> statesUsed; ///< by LaneState: the states some timeline shows

    /// The top of a signal's axis, shared by every variant: its highest value anywhere and the
    /// limits drawn against it; 0 when no variant recorded it. Among four or more lines, a
    /// variant whose peak is more
    /// than 3 times every other's would flatten them all (immediate retry's 8,000 calls a
    /// second against the others' 1,000): the axis stops at the others' peak, and that variant
    /// is off the top (offTheTop).
    double axisTop(const coro::SignalSpec &signal) const;
    /// The variants whose peak of this signal is above axisTop().
    std::vector<int> offTheTop(const coro::SignalSpec &signal) const;
    /// Where the time axis stops at first: the run's end, or, when one variant runs more than 20
    /// times as long as every other (the guide's uncapped backoff: 13 days against seconds),
    /// a little past the others' end; 0 when that is the run's end.
    double outlierCut() const;
};

/// How far a simulation in progress has got, for the window's progress bar.
struct SimulationProgress {
    std::atomic<int> variant{0}; ///< the index of the variant running
    scenarios::RunProgress run;  ///< that variant's events and virtual time so far

    /// Variant `index` starts: nothing done yet.
    void begin(int index)
    {
        variant.store(index);
        run.events.store(0);
        run.now_ns.store(0);
    }
};

/// Runs every variant (on the calling thread), each within the event budget. Null when *stop
/// was set to Abandon meanwhile: the run was stale, and stopped within a few thousand events.
/// Truncate (the window's Cancel) stops everything now: the variant running is cut where it
/// is, the variants after it are not run (each stops at its first event, marked truncated).
std::shared_ptr<const Simulation> simulate(const scenarios::Scenario &scenario, const scenarios::Params &params,
                                           std::uint64_t seed, std::atomic<scenarios::StopRequest> *stop = nullptr,
                                           SimulationProgress *progress = nullptr,
                                           std::uint64_t maxEvents = scenarios::kDefaultMaxEvents,
                                           const std::function<void(std::shared_ptr<void>)> &dispose = {});

/// Runs simulations on a worker thread. While one runs, a newer request replaces any waiting
/// one and abandons the running one (within a few thousand events), so dragging a slider never
/// waits for stale work: the newest request is the one delivered. cancel() cuts the running
/// one short instead, and delivers it truncated.
class Simulator : public QObject {
    Q_OBJECT
public:
    explicit Simulator(QObject *parent = nullptr);
    ~Simulator() override;

    void request(const scenarios::Scenario &scenario, const scenarios::Params &params, std::uint64_t seed);
    bool busy() const { return running_; }
    /// Stops the running simulation where it is: it is delivered truncated (simulate()).
    /// Nothing happens when none runs, or when a newer request is already waiting.
    void cancel();
    /// cancel() was heard, and the cut-short run is on its way.
    bool cancelling() const { return cancelling_; }
    /// The running simulation's progress (meaningful while busy()).
    const SimulationProgress &progress() const { return progress_; }
    /// The running (or last) request's scenario.
    const scenarios::Scenario *scenario() const { return scenario_; }
    /// The run's event budget (shared by its variants), for the requests from now on.
    void setMaxEvents(std::uint64_t n) { maxEvents_ = n; }
    std::uint64_t maxEvents() const { return maxEvents_; }

Q_SIGNALS:
    void finished(std::shared_ptr<const Simulation> simulation);

private:
    struct Request {
        const scenarios::Scenario *scenario;
        scenarios::Params params;
        std::uint64_t seed;
    };
    void start(Request request);
    void deliver(std::shared_ptr<const Simulation> simulation);

    QThreadPool pool_;
    QThreadPool disposer_; // frees finished runs' loops and worlds, beside the next run
    bool running_ = false;
    std::optional<Request> pending_;
    std::atomic<scenarios::StopRequest> stop_{scenarios::StopRequest::None};
    SimulationProgress progress_;
    const scenarios::Scenario *scenario_ = nullptr;
    bool cancelling_ = false;
    std::uint64_t maxEvents_ = scenarios::kDefaultMaxEvents;
};

} // namespace gui
