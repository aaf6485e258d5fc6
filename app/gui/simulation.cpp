// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "simulation.h"

#include "signal_group.h"
#include "theme.h"

#include "engine/recorder.h"
#include "engine/task.h"

#include <QElapsedTimer>

#include <algorithm>
#include <functional>
#include <queue>

namespace gui {

namespace {

constexpr std::size_t kMaxEventTimes = 1'000'000;

void prepareTimeline(VariantResult &v)
{
    const coro::Recorder &rec = v.recorder();
    const auto &spans = rec.spans();
    const double end = v.run.end_s;

    std::uint32_t maxId = 0;
    for (const auto &s : spans)
        maxId = std::max(maxId, s.id);
    v.spanOfTask.assign(spans.empty() ? 0 : std::size_t(maxId) + 1, -1);
    for (std::size_t i = 0; i < spans.size(); ++i)
        v.spanOfTask[spans[i].id] = std::int32_t(i);

    // Greedy interval packing in start order: the lane that frees first is reused.
    using Free = std::pair<std::int64_t, int>; // (end time ns, lane)
    std::priority_queue<Free, std::vector<Free>, std::greater<>> freeAt;
    v.laneOfSpan.resize(spans.size());
    const std::int64_t endNs = std::int64_t(end * 1e9) + 1;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const std::int64_t start = spans[i].start.count();
        const std::int64_t stop = spans[i].end.count() < 0 ? endNs : spans[i].end.count();
        int lane;
        if (!freeAt.empty() && freeAt.top().first <= start) {
            lane = freeAt.top().second;
            freeAt.pop();
        } else {
            lane = v.laneCount++;
            v.lanes.emplace_back();
        }
        v.laneOfSpan[i] = lane;
        v.lanes[lane].push_back(std::uint32_t(i));
        freeAt.push({std::max(stop, start + 1), lane});
    }

    const auto &segments = rec.segments();
    v.segmentOrder.resize(segments.size());
    for (std::uint32_t i = 0; i < segments.size(); ++i)
        v.segmentOrder[i] = i;
    std::stable_sort(v.segmentOrder.begin(), v.segmentOrder.end(), [&](std::uint32_t a, std::uint32_t b) {
        return segments[a].task != segments[b].task ? segments[a].task < segments[b].task
                                                    : segments[a].start < segments[b].start;
    });
    // Spans are in id order, so each task's segments are found by one merge pass.
    v.segmentBegin.assign(spans.size(), 0);
    v.segmentEnd.assign(spans.size(), 0);
    std::size_t pos = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        while (pos < v.segmentOrder.size() && segments[v.segmentOrder[pos]].task < spans[i].id)
            ++pos;
        v.segmentBegin[i] = std::uint32_t(pos);
        while (pos < v.segmentOrder.size() && segments[v.segmentOrder[pos]].task == spans[i].id)
            ++pos;
        v.segmentEnd[i] = std::uint32_t(pos);
    }
}

} // namespace

const char *outcomeAnchor(coro::TaskOutcome outcome)
{
    using coro::TaskOutcome;
    switch (outcome) {
    case TaskOutcome::None: return "";
    case TaskOutcome::TimedOut: return "timed-out";
    case TaskOutcome::Refused: return "refused";
    case TaskOutcome::Failed: return "failed";
    case TaskOutcome::Cancelled: return "cancelled";
    case TaskOutcome::Unretrieved: return "unretrieved";
    case TaskOutcome::Orphaned: return "orphaned";
    }
    return "";
}

TaskMoment momentOf(const Simulation &simulation, int variant, std::uint32_t span, double seconds, double slack)
{
    const VariantResult &v = simulation.variants[std::size_t(variant)];
    const coro::Span &sp = v.recorder().spans()[span];
    TaskMoment m;
    m.span = span;
    m.task = sp.name ? sp.name : "";
    m.index = sp.index;
    m.world = simulation.scenario && simulation.scenario->isWorldTask(m.task);
    const double start = coro::toSeconds(sp.start);
    const double end = sp.end.count() < 0 ? v.run.end_s : coro::toSeconds(sp.end);
    m.from_s = start;
    m.to_s = end;
    const auto &segments = v.recorder().segments();
    int seen[16] = {};
    for (std::uint32_t k = v.segmentBegin[span]; k < v.segmentEnd[span]; ++k) {
        const coro::Segment &seg = segments[v.segmentOrder[k]];
        const double s0 = coro::toSeconds(seg.start), s1 = coro::toSeconds(seg.end);
        const auto kind = std::size_t(seg.kind);
        if (seconds + slack >= s0 && seconds - slack <= s1 && s1 > s0) {
            m.wait = coro::waitKindName(seg.kind);
            m.kind = seg.kind;
            m.ordinal = seen[kind];
            m.from_s = s0;
            m.to_s = s1;
            if (seg.kind == coro::WaitKind::Arrival)
                m.world = true; // the workload's pacing, not the program's
            return m;
        }
        if (s1 > s0)
            ++seen[kind];
        if (s0 > seconds + slack)
            break;
    }
    if (sp.end.count() >= 0 && seconds + slack >= end) {
        m.ended = true;
        m.outcome = outcomeAnchor(sp.outcome != coro::TaskOutcome::None ? sp.outcome
                                  : sp.status == coro::TaskStatus::Failed  ? coro::TaskOutcome::Failed
                                  : sp.status == coro::TaskStatus::Cancelled ? coro::TaskOutcome::Cancelled
                                                                             : coro::TaskOutcome::None);
        m.from_s = m.to_s = end;
    }
    return m;
}

namespace {
void summarizeForAxes(Simulation &sim)
{
    sim.statesUsed.assign(std::size_t(LaneState::Count), false);
    sim.statesUsed[std::size_t(LaneState::Running)] = true;
    for (const auto &v : sim.variants) {
        const coro::Recorder &rec = v.recorder();
        for (const coro::Gauge &g : rec.gauges()) {
            auto [it, fresh] = sim.gaugeTop.try_emplace(g.name, g.max);
            if (!fresh)
                it->second = std::max(it->second, g.max);
        }
        if (const auto m = v.run.metrics.get("latency_max_s"))
            sim.latencyMax = std::max(sim.latencyMax, *m);
        sim.events += std::uint64_t(v.run.metrics.get("events").value_or(0));
        for (const auto &seg : rec.segments())
            sim.statesUsed[std::size_t(laneState(seg.kind))] = true;
        for (const auto &span : rec.spans())
            sim.statesUsed[std::size_t(laneState(span.outcome))] = true;
    }
}
} // namespace

namespace {
/// How many times the others' peak makes an outlier, on a chart's value axis...
constexpr double kOutlierPeak = 3;
/// ...and the others' end on the time axis: only a run of another order (days against a
/// minute), for a variant that ends long after the others is often the lesson itself.
constexpr double kOutlierEnd = 20;

/// Each variant's peak of the gauge (0 where it was not recorded).
std::vector<double> peaks(const Simulation &sim, const std::string &gauge)
{
    std::vector<double> out;
    for (const auto &v : sim.variants) {
        const coro::Gauge *g = v.recorder().findGauge(gauge);
        out.push_back(g ? g->max : 0);
    }
    return out;
}

/// The highest of the values below the largest one by more than `factor` times, when the
/// largest is such an outlier; else the largest.
double withoutOutliers(const std::vector<double> &values, double factor)
{
    if (values.empty())
        return 0;
    const double largest = *std::max_element(values.begin(), values.end());
    double rest = 0;
    int nearTheTop = 0; // the largest itself, and any within `factor` of it
    for (double v : values)
        if (v * factor < largest)
            rest = std::max(rest, v);
        else
            ++nearTheTop;
    // One alone far above the rest is an outlier; two up there are the lesson (97 at the
    // server without jitter, for both backoffs, against 9 to 20 with it).
    return nearTheTop == 1 && rest > 0 ? rest : largest;
}
} // namespace

std::vector<int> Simulation::offTheTop(const coro::SignalSpec &signal) const
{
    std::vector<int> off;
    const double top = axisTop(signal);
    const auto p = peaks(*this, signal.id);
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] > top * 1.1)
            off.push_back(int(i));
    return off;
}

double Simulation::outlierCut() const
{
    std::vector<double> ends;
    for (const auto &v : variants)
        ends.push_back(v.run.end_s);
    const double rest = withoutOutliers(ends, kOutlierEnd);
    return rest < end_s ? std::min(end_s, rest * 1.1) : 0;
}

double Simulation::axisTop(const coro::SignalSpec &signal) const
{
    const auto it = gaugeTop.find(signal.id);
    if (it == gaugeTop.end())
        return 0;
    // Among two or three lines the difference is the lesson (2,311 calls into the outage
    // against 500): only one line far above several others is cut off.
    const auto p = peaks(*this, signal.id);
    const auto recording = std::count_if(p.begin(), p.end(), [](double v) { return v > 0; });
    double top = recording >= 4 ? withoutOutliers(p, kOutlierPeak) : it->second;
    for (const auto &line : signal.references) // the axis shows the limits too
        if (const auto g = line.gauge.empty() ? gaugeTop.end() : gaugeTop.find(line.gauge); g != gaugeTop.end())
            top = std::max(top, g->second);
        else if (const auto limit = referenceValue(line, params, end_s))
            top = std::max(top, *limit);
    return top;
}

std::shared_ptr<const Simulation> simulate(const scenarios::Scenario &scenario, const scenarios::Params &params,
                                           std::uint64_t seed, std::atomic<scenarios::StopRequest> *stop,
                                           SimulationProgress *progress, std::uint64_t maxEvents,
                                           const std::function<void(std::shared_ptr<void>)> &dispose)
{
    using scenarios::StopRequest;
    QElapsedTimer wall; // the wall clock at the edge only: how long computing took
    wall.start();
    auto sim = std::make_shared<Simulation>();
    sim->scenario = &scenario;
    sim->params = params;
    sim->seed = seed;
    sim->variants.reserve(scenario.variants.size());
    std::vector<double> times;
    bool cancelled = false; // Cancel stops everything now: the variants after it are not run
    for (const auto &variant : scenario.variants) {
        if (progress)
            progress->begin(int(&variant - scenario.variants.data()));
        VariantResult v;
        v.run = scenarios::runVariant(scenario, variant, params, seed,
                                      {.keepRecorder = true, .maxEvents = cancelled ? 1 : maxEvents, .stop = stop,
                                       .progress = progress ? &progress->run : nullptr,
                                       .dispose = dispose});
        if (v.run.stopped || (stop && stop->load() == StopRequest::Abandon))
            return nullptr;
        if (cancelled) {
            v.run.truncation = "was not run: the run was cancelled before it";
            v.run.marks.back().text = v.run.truncation;
        }
        auto asked = StopRequest::Truncate;
        cancelled = cancelled || (stop && stop->compare_exchange_strong(asked, StopRequest::None));
        prepareTimeline(v);
        sim->end_s = std::max(sim->end_s, v.run.end_s);
        for (const auto &s : v.recorder().spans()) {
            if (times.size() >= kMaxEventTimes)
                break;
            times.push_back(coro::toSeconds(s.start));
            if (s.end.count() >= 0)
                times.push_back(coro::toSeconds(s.end));
        }
        for (const auto &seg : v.recorder().segments()) { // a wait begins or ends: the lane changes colour
            if (times.size() >= kMaxEventTimes)
                break;
            times.push_back(coro::toSeconds(seg.start));
            times.push_back(coro::toSeconds(seg.end));
        }
        sim->variants.push_back(std::move(v));
    }
    summarizeForAxes(*sim);
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    sim->eventTimes = std::move(times);
    if (sim->end_s <= 0)
        sim->end_s = 1e-3;
    sim->computeSeconds = double(wall.nsecsElapsed()) * 1e-9;
    return sim;
}

Simulator::Simulator(QObject *parent) : QObject(parent)
{
    pool_.setMaxThreadCount(1); // one run at a time; newer requests wait as pending_
    disposer_.setMaxThreadCount(1);
}

Simulator::~Simulator()
{
    pending_.reset();
    stop_.store(scenarios::StopRequest::Abandon);
    pool_.waitForDone();
    disposer_.waitForDone();
}

void Simulator::request(const scenarios::Scenario &scenario, const scenarios::Params &params, std::uint64_t seed)
{
    Request r{&scenario, params, seed};
    if (running_) {
        pending_ = std::move(r);
        stop_.store(scenarios::StopRequest::Abandon); // the running one is stale: stop it rather than finish it
        return;
    }
    start(std::move(r));
}

void Simulator::cancel()
{
    auto none = scenarios::StopRequest::None;
    if (running_ && stop_.compare_exchange_strong(none, scenarios::StopRequest::Truncate))
        cancelling_ = true;
}

void Simulator::start(Request request)
{
    running_ = true;
    scenario_ = request.scenario;
    cancelling_ = false;
    stop_.store(scenarios::StopRequest::None);
    progress_.begin(0);
    pool_.start([this, request = std::move(request), budget = maxEvents_] {
        auto dispose = [this](std::shared_ptr<void> remains) { disposer_.start([remains = std::move(remains)] {}); };
        auto result = simulate(*request.scenario, request.params, request.seed, &stop_, &progress_, budget, dispose);
        QMetaObject::invokeMethod(this, [this, result] { deliver(result); }, Qt::QueuedConnection);
    });
}

void Simulator::deliver(std::shared_ptr<const Simulation> simulation)
{
    running_ = false;
    if (pending_) {
        Request next = std::move(*pending_);
        pending_.reset();
        start(std::move(next));
    }
    if (simulation) // null: stopped as stale, its successor is on its way
        Q_EMIT finished(std::move(simulation));
}

} // namespace gui
