// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "recorder.h"

#include "task.h"

#include <algorithm>
#include <atomic>

namespace coro {

namespace {
std::atomic<std::uint64_t> nextSerial{1};
}

Recorder::Recorder(RecorderLimits limits) : limits_(limits), serial_(nextSerial.fetch_add(1, std::memory_order_relaxed))
{
    limits_.maxPointsPerGauge = std::max<std::size_t>(limits_.maxPointsPerGauge, 64);
}

int Recorder::gauge(std::string_view name)
{
    auto [it, inserted] = gaugeIds_.try_emplace(std::string(name), int(gauges_.size()));
    if (inserted) {
        Gauge g;
        g.name = std::string(name);
        g.points.push_back({Time{0}, 0.0});
        gauges_.push_back(std::move(g));
    }
    return it->second;
}

void Recorder::set(int id, Time t, double value)
{
    Gauge &g = gauges_[std::size_t(id)];
    if (value == g.last)
        return;
    g.area += g.last * toSeconds(t - g.lastChange);
    g.lastChange = t;
    g.last = value;
    g.min = std::min(g.min, value);
    g.max = std::max(g.max, value);
    if (!g.points.empty() && g.points.back().time == t && g.bucket == Duration{0}) {
        // Several changes at one instant: only the last one lasts; min and max keep the rest.
        g.points.back().value = value;
        return;
    }
    g.points.push_back({t, value});
    if (g.points.size() >= limits_.maxPointsPerGauge)
        compact(g);
}

// Keeps, per time bucket, the first, lowest, highest and last point, in time order. The bucket
// is chosen so the result has at most half the limit, so compaction is amortised O(1) a point.
void Recorder::compact(Gauge &g)
{
    const auto buckets = std::int64_t(limits_.maxPointsPerGauge / 8);
    const Duration span = g.points.back().time - g.points.front().time;
    // At most four points survive per bucket, so this leaves at most half the limit.
    g.bucket = std::max({Duration{1}, g.bucket, Duration{span.count() / buckets + 1}});
    std::vector<GaugePoint> out;
    out.reserve(limits_.maxPointsPerGauge / 2);
    std::size_t i = 0;
    while (i < g.points.size()) {
        const std::int64_t b = g.points[i].time.count() / g.bucket.count();
        std::size_t j = i, lo = i, hi = i;
        while (j < g.points.size() && g.points[j].time.count() / g.bucket.count() == b) {
            if (g.points[j].value < g.points[lo].value)
                lo = j;
            if (g.points[j].value > g.points[hi].value)
                hi = j;
            ++j;
        }
        std::size_t keep[] = {i, std::min(lo, hi), std::max(lo, hi), j - 1};
        for (std::size_t k = 0; k < 4; ++k)
            if (k == 0 || keep[k] != keep[k - 1])
                out.push_back(g.points[keep[k]]);
        i = j;
    }
    g.points = std::move(out);
}

void Recorder::event(Time t, std::string_view source, std::string_view state)
{
    if (events_.size() < limits_.maxStateEvents)
        events_.push_back({t, std::string(source), std::string(state)});
    else
        ++droppedEvents_;
}

const Gauge *Recorder::findGauge(std::string_view name) const
{
    auto it = gaugeIds_.find(std::string(name));
    return it == gaugeIds_.end() ? nullptr : &gauges_[std::size_t(it->second)];
}

int Recorder::counter(std::string_view name)
{
    auto [it, inserted] = counterIds_.try_emplace(std::string(name), int(counters_.size()));
    if (inserted)
        counters_.push_back({std::string(name), 0});
    return it->second;
}

double Recorder::counterValue(std::string_view name, double absent) const
{
    auto it = counterIds_.find(std::string(name));
    return it == counterIds_.end() ? absent : counters_[std::size_t(it->second)].value;
}

void Recorder::issued(Time t, std::uint64_t n)
{
    requests_ += n;
    if (limits_.answerSeries) {
        if (issuedGauge_ < 0)
            issuedGauge_ = gauge(kIssuedGauge);
        set(issuedGauge_, t, double(requests_));
    }
}

void Recorder::answered(Answer answer, Time t, Duration answerTime)
{
    const auto kind = std::size_t(answer);
    const std::uint64_t n = ++answers_[kind];
    if (limits_.answerSeries) {
        if (answerGauges_[kind] < 0)
            answerGauges_[kind] = gauge(answerGauge(answer));
        set(answerGauges_[kind], t, double(n));
    }
    answerTimeTotalNs_ += answerTime.count();
    if (answer == Answer::Ok)
        sample(latency_, ++latencyCount_, answerTime);
    else
        sample(otherAnswers_, answered() - latencyCount_, answerTime);
}

std::uint64_t Recorder::answered() const
{
    std::uint64_t n = 0;
    for (std::uint64_t a : answers_)
        n += a;
    return n;
}

void Recorder::sample(std::vector<std::int64_t> &samples, std::uint64_t count, Duration d)
{
    if (samples.size() < limits_.maxLatencySamples) {
        samples.push_back(d.count());
        return;
    }
    // Algorithm R with a fixed-seed xorshift: deterministic, uniform over all samples.
    reservoirState_ ^= reservoirState_ << 13;
    reservoirState_ ^= reservoirState_ >> 7;
    reservoirState_ ^= reservoirState_ << 17;
    const std::uint64_t slot = reservoirState_ % count;
    if (slot < samples.size())
        samples[slot] = d.count();
}

void Recorder::taskStarted(std::uint32_t id, const TaskLabel &label, Time t)
{
    ++tasksSpawned_;
    if (id < limits_.maxSpans) {
        Span s;
        s.name = label.name;
        s.index = label.index;
        s.start = t;
        s.id = id;
        s.status = TaskStatus::Scheduled;
        spans_.push_back(s);
    } else {
        ++droppedSpans_;
    }
}

void Recorder::taskEnded(std::uint32_t id, Time t, TaskStatus status)
{
    if (id < spans_.size()) {
        Span &span = spans_[id];
        span.end = t;
        span.status = status;
        if (span.outcome == TaskOutcome::None && status == TaskStatus::Failed)
            span.outcome = TaskOutcome::Failed;
        if (status == TaskStatus::Cancelled)
            span.outcome = TaskOutcome::Cancelled;
    }
}

void Recorder::setOutcome(std::uint32_t id, TaskOutcome outcome)
{
    if (id < spans_.size())
        spans_[id].outcome = outcome;
}

const char *outcomeName(TaskOutcome outcome)
{
    switch (outcome) {
    case TaskOutcome::None: return "none";
    case TaskOutcome::TimedOut: return "timed out";
    case TaskOutcome::Refused: return "refused";
    case TaskOutcome::Failed: return "failed";
    case TaskOutcome::Cancelled: return "cancelled";
    case TaskOutcome::Unretrieved: return "failed, exception never retrieved";
    case TaskOutcome::Orphaned: return "orphaned at exit";
    }
    return "?";
}

const char *answerKey(Answer answer)
{
    switch (answer) {
    case Answer::Ok: return "ok";
    case Answer::Failed: return "failed";
    case Answer::TimedOut: return "timed_out";
    case Answer::Refused: return "refused";
    case Answer::Fallback: return "fallback";
    case Answer::Cancelled: return "cancelled";
    }
    return "?";
}

std::string answerGauge(Answer answer)
{
    return std::string("answers.") + answerKey(answer);
}

void Recorder::finish(Time end)
{
    for (Gauge &g : gauges_) {
        g.area += g.last * toSeconds(end - g.lastChange);
        g.lastChange = end;
    }
}

} // namespace coro
