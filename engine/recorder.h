// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Everything a run leaves behind for the charts, the metrics and the exporters: task spans
// with their wait segments (the timeline), gauges recorded on change, counters and latency
// samples. The loop and the engine's primitives write here; nothing reads the wall clock.
//
// Memory policy (bounded for runs of millions of events), see RecorderLimits:
// - spans: the first maxSpans tasks keep their span; later tasks are counted only;
// - segments: the first maxSegments wait segments are kept; later ones are counted only;
// - gauges: exact points until maxPointsPerGauge, then the series is compacted to the first,
//   lowest, highest and last point of each time bucket (level of detail, as a timeline viewer
//   draws it); min, max, last and the time-weighted mean stay exact;
// - latency: every sample is kept (exact percentiles) up to maxLatencySamples; beyond that a
//   uniform reservoir of that size is kept and Metrics says the percentiles are estimates;
// - state events: the first maxStateEvents are kept; later ones are counted only.
#pragma once

#include "time.h"
#include "waiter.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace coro {

enum class TaskStatus : std::uint8_t;
struct TaskLabel;

struct RecorderLimits {
    std::size_t maxSpans = 1'000'000;
    std::size_t maxSegments = 4'000'000;
    std::size_t maxPointsPerGauge = 1u << 16;
    std::size_t maxLatencySamples = 8'000'000;
    std::size_t maxStateEvents = 10'000;
    /// Record the running count of each kind of answer as an "answers.<kind>" gauge (for the
    /// outcomes chart and the CSV); a run that draws and exports nothing leaves it out.
    bool answerSeries = true;
};

/// How a task's work ended, as the program saw it, beyond what its status says: a request
/// that caught its timeout ends Done, yet it timed out. Set by the code that knows
/// (markOutcome()); failed and cancelled tasks get theirs from their status.
enum class TaskOutcome : std::uint8_t {
    None,        ///< nothing to say: done, or still running
    TimedOut,    ///< gave up waiting (a timeout fired)
    Refused,     ///< turned away without being served: a breaker, a limiter, a bulkhead, a 429
    Failed,      ///< the work failed (an error was raised or answered)
    Cancelled,
    Unretrieved, ///< failed, and nobody ever retrieved the exception
    Orphaned,    ///< still running when the program exited
};
const char *outcomeName(TaskOutcome outcome);

/// How a request (a unit of work a caller issued: a call, a job, an item) was answered, as its
/// caller saw it. A request issued and never answered by the run's end is unfinished.
enum class Answer : std::uint8_t {
    Ok,        ///< the answer asked for
    Failed,    ///< an error
    TimedOut,  ///< the caller gave up waiting
    Refused,   ///< turned away unserved: a breaker, a limiter, a full queue, a 429
    Fallback,  ///< a stand-in answer (a cache, a default) instead of the real one
    Cancelled, ///< abandoned by its caller (a sibling failed, the caller was cancelled)
};
inline constexpr int kAnswerKinds = 6;
/// "ok", "failed", "timed_out", "refused", "fallback", "cancelled": the keys of "outcomes".
const char *answerKey(Answer answer);
/// The gauge that counts the answers of this kind so far ("answers.ok"), when any came.
std::string answerGauge(Answer answer);
/// The gauge that counts the requests issued so far, beside the answers' gauges.
inline constexpr const char *kIssuedGauge = "answers.issued";

struct Span {
    const char *name = nullptr;
    std::int64_t index = -1;
    Time start{};
    Time end{-1}; ///< -1 while the task runs
    std::uint32_t id = 0;
    TaskStatus status{};
    TaskOutcome outcome = TaskOutcome::None;
};

struct Segment {
    Time start;
    Time end;
    std::uint32_t task;
    WaitKind kind;
};

struct GaugePoint {
    Time time;
    double value;
};

struct Gauge {
    std::string name;
    std::vector<GaugePoint> points; ///< a step function: each value holds until the next point
    double min = 0;
    double max = 0;
    double last = 0;
    double area = 0;     ///< integral of the value over time, in value·seconds
    Duration bucket{0};  ///< 0 while exact; the compaction bucket width after that
    Time lastChange{};
};

/// A primitive's change of state, published by its Instrument: the breaker "open", the pool
/// "exhausted", the service's "first 429".
struct StateEvent {
    Time time;
    std::string source; ///< the instrument's name: "breaker"
    std::string state;
};

struct Counter {
    std::string name;
    double value = 0;
};

class Recorder {
public:
    explicit Recorder(RecorderLimits limits = {});

    /// The id of a gauge, created on first use at value 0.
    int gauge(std::string_view name);
    /// Records a new value at time t; a value equal to the last one records nothing.
    void set(int gauge, Time t, double value);
    void adjust(int gauge, Time t, double delta) { set(gauge, t, gauges_[gauge].last + delta); }
    int counter(std::string_view name);
    void add(int counter, double delta = 1) { counters_[counter].value += delta; }
    void add(std::string_view name, double delta = 1) { add(counter(name), delta); }
    /// A caller issued n requests at time t (see Answer); counted over time too, where answers
    /// are (the kIssuedGauge gauge).
    void issued(Time t, std::uint64_t n = 1);
    /// A request was answered, t after it was issued: counted by kind, over time too (the
    /// "answers.<kind>" gauges), and its answer time kept. A successful answer's time is a
    /// latency sample; the others are kept apart, so that latency is of successes only.
    void answered(Answer answer, Time t, Duration answerTime);
    void event(Time t, std::string_view source, std::string_view state);

    const std::vector<Gauge> &gauges() const { return gauges_; }
    const Gauge *findGauge(std::string_view name) const;
    const std::vector<Counter> &counters() const { return counters_; }
    double counterValue(std::string_view name, double absent = 0) const;
    const std::vector<Span> &spans() const { return spans_; }
    const std::vector<Segment> &segments() const { return segments_; }
    /// In time order (they are published as the run goes).
    const std::vector<StateEvent> &events() const { return events_; }
    std::uint64_t droppedEvents() const { return droppedEvents_; }
    /// The latency samples (answer times of Ok answers) in nanoseconds, in arrival order (a
    /// reservoir past the limit).
    const std::vector<std::int64_t> &latencySamples() const { return latency_; }
    std::uint64_t latencyCount() const { return latencyCount_; }
    /// The answer times of every other kind of answer, likewise.
    const std::vector<std::int64_t> &otherAnswerSamples() const { return otherAnswers_; }
    std::uint64_t requests() const { return requests_; }
    std::uint64_t answers(Answer answer) const { return answers_[std::size_t(answer)]; }
    std::uint64_t answered() const;
    /// The sum of every answer's time, in seconds (exact: not from the reservoirs).
    double answerTimeTotal() const { return double(answerTimeTotalNs_) * 1e-9; }
    std::uint64_t droppedSpans() const { return droppedSpans_; }
    std::uint64_t droppedSegments() const { return droppedSegments_; }
    std::uint64_t tasksSpawned() const { return tasksSpawned_; }
    const RecorderLimits &limits() const { return limits_; }
    /// What the spans, wait segments and latency samples take, in bytes: the recorded data that
    /// grows with the run (gauges are compacted, state events capped). From sizes alone, so the
    /// same run gives the same figure on every machine.
    std::size_t recordedBytes() const
    {
        return spans_.size() * sizeof(Span) + segments_.size() * sizeof(Segment) +
               (latency_.size() + otherAnswers_.size()) * sizeof(std::int64_t);
    }
    /// Unique to this recorder in the process: a recorder built where an earlier one was
    /// freed still gets a new serial, so whoever caches ids can tell the runs apart.
    std::uint64_t serial() const { return serial_; }

    // --- written by the loop -----------------------------------------------------------
    void taskStarted(std::uint32_t id, const TaskLabel &label, Time t);
    void taskEnded(std::uint32_t id, Time t, TaskStatus status);
    /// Records how task `id`'s work ended (a later call wins; a span not kept records nothing).
    void setOutcome(std::uint32_t id, TaskOutcome outcome);
    void segment(std::uint32_t task, WaitKind kind, Time start, Time end)
    {
        if (segments_.size() < limits_.maxSegments)
            segments_.push_back({start, end, task, kind});
        else
            ++droppedSegments_;
    }
    /// Closes the gauges' time-weighted areas at the end of the run.
    void finish(Time end);

private:
    void compact(Gauge &g);
    void sample(std::vector<std::int64_t> &samples, std::uint64_t count, Duration d);

    RecorderLimits limits_;
    std::uint64_t serial_;
    std::vector<Gauge> gauges_;
    std::vector<Counter> counters_;
    std::unordered_map<std::string, int> gaugeIds_;
    std::unordered_map<std::string, int> counterIds_;
    std::vector<Span> spans_;
    std::vector<Segment> segments_;
    std::vector<std::int64_t> latency_;
    std::vector<StateEvent> events_;
    std::uint64_t droppedEvents_ = 0;
    std::uint64_t latencyCount_ = 0;
    std::vector<std::int64_t> otherAnswers_;
    std::uint64_t requests_ = 0;
    std::uint64_t answers_[kAnswerKinds] = {};
    int answerGauges_[kAnswerKinds] = {-1, -1, -1, -1, -1, -1};
    int issuedGauge_ = -1;
    long double answerTimeTotalNs_ = 0;
    std::uint64_t reservoirState_ = 0x9e3779b97f4a7c15ull;
    std::uint64_t droppedSpans_ = 0;
    std::uint64_t droppedSegments_ = 0;
    std::uint64_t tasksSpawned_ = 0;
};

} // namespace coro
