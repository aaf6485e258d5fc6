// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "runner.h"

#include "engine/export.h"
#include "engine/output_file.h"
#include "engine/recorder.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>

namespace scenarios {

namespace {
// 50000000 as "50,000,000".
std::string groupedCount(std::uint64_t n)
{
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

// 2147483648 bytes as "2,048 MB".
std::string megabytes(std::uint64_t bytes) { return groupedCount((bytes + (1u << 19)) >> 20) + " MB"; }

// A virtual time in a message: "12.5 s of virtual time".
std::string secondsText(coro::Time t)
{
    char text[48];
    std::snprintf(text, sizeof text, "%.6g s of virtual time", coro::toSeconds(t));
    return text;
}

// Engine counters and gauges a scenario leaves behind, under their public metric names.
coro::Metrics publicMetrics(const coro::Loop &loop, const coro::Metrics &engine)
{
    const coro::Recorder &rec = loop.recorder();
    coro::Metrics m;
    for (const char *name : {"makespan_s", "events", "max_loop_lag_s"})
        if (auto v = engine.get(name))
            m.set(name, *v);
    for (const auto &c : rec.counters())
        if (c.name.find('.') == std::string::npos && c.name != "loop_blocked_ns")
            m.set(c.name, c.value);
    if (auto calls = engine.get("service.calls"))
        m.set("service_calls", *calls);
    if (auto cost = engine.get("service.cost"))
        m.set("cost", *cost);
    if (auto r429 = engine.get("service.rejected_429"))
        m.set("rejected_429", *r429);
    if (const coro::Gauge *g = rec.findGauge("in_flight"))
        m.set("peak_in_flight", g->max);
    else if (const coro::Gauge *s = rec.findGauge("service.in_flight"))
        m.set("peak_in_flight", s->max);
    for (const char *name : {"latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_max_s",
                             "answer_time_mean_s", "answer_time_p50_s", "answer_time_p99_s", "answer_time_max_s"})
        if (auto v = engine.get(name))
            m.set(name, *v);
    const auto completed = m.get("completed");
    const auto makespan = m.get("makespan_s");
    if (completed && makespan && *makespan > 0)
        m.set("throughput_per_s", *completed / *makespan);
    return m;
}

// A run's loop and world together, so that they can be torn down later, elsewhere
// (RunOptions::dispose): unwinding every task still parked, and only then freeing the world
// they wait on, while the loop still exists.
struct LiveRun {
    LiveRun(const coro::RecorderLimits &limits, std::uint64_t seed, const Params &p, const Variant &variant)
        : loop(limits), params(p), context{loop, coro::KeyedRandom(seed), params, variant, {}}
    {
    }
    ~LiveRun()
    {
        loop.cancelAll();
        context.owned.clear();
    }
    coro::Loop loop;
    Params params;
    RunContext context;
    coro::TaskHandle<void> main;
};

void release(std::shared_ptr<LiveRun> live, const RunOptions &options)
{
    if (options.dispose)
        options.dispose(std::move(live));
}
} // namespace

VariantRun runVariant(const Scenario &scenario, const Variant &variant, const Params &params, std::uint64_t seed,
                      RunOptions options)
{
    coro::RecorderLimits limits;
    if (!options.timeline && !options.keepRecorder) {
        limits.maxSpans = limits.maxSegments = 0;
        limits.answerSeries = false; // for the outcomes chart and the CSV, which it has not
    }
    auto live = std::make_shared<LiveRun>(limits, seed, params, variant);
    coro::Loop &loop = live->loop;
    RunContext &context = live->context;
    live->main = loop.spawn("main", [&context, &scenario, &variant] { return variant.run ? variant.run(context) : scenario.run(context); });
    const coro::TaskHandle<void> &main = live->main;
    // endWithMain is set by the variant as it runs, so it is read after every turn.
    std::string truncation;
    const std::uint64_t variants = std::max<std::uint64_t>(1, scenario.variants.size());
    const std::uint64_t budget = options.maxEvents ? std::max<std::uint64_t>(1, options.maxEvents / variants)
                                                   : std::numeric_limits<std::uint64_t>::max();
    const std::uint64_t memoryBudget = options.maxMemoryBytes ? options.maxMemoryBytes : std::numeric_limits<std::uint64_t>::max();
    std::uint32_t turns = 0;
    while (!(context.endWithMain && main.done())) {
        if (loop.events() + loop.exceptions() * kEventsPerException >= budget) [[unlikely]] {
            truncation = "stopped at its budget of " + groupedCount(budget) + (budget == 1 ? " event" : " events");
            if (variants > 1)
                truncation += " (the run's " + groupedCount(options.maxEvents) + " shared by " + std::to_string(variants) + " variants)";
            if (loop.exceptions())
                truncation += ", each of its " + groupedCount(loop.exceptions()) + " exceptions counting as " +
                              std::to_string(kEventsPerException);
            truncation += ", at " + secondsText(loop.now());
            break;
        }
        if (std::uint64_t(loop.liveTasks()) * kBytesPerLiveTask + loop.recorder().recordedBytes() * variants > memoryBudget)
            [[unlikely]] {
            truncation = options.memorySharedBy > 1
                             ? "stopped at its memory budget of " + megabytes(memoryBudget) + " (the sweep's " +
                                   megabytes(memoryBudget * options.memorySharedBy) + " shared by " +
                                   std::to_string(options.memorySharedBy) + " workers)"
                             : "stopped at the run's memory budget of " + megabytes(memoryBudget);
            truncation += ", with " + groupedCount(loop.liveTasks()) + " tasks alive, at " + secondsText(loop.now());
            break;
        }
        if (!loop.step())
            break;
        if ((++turns & 4095) == 0 && (options.stop || options.progress)) [[unlikely]] {
            if (options.progress) {
                options.progress->events.store(loop.events(), std::memory_order_relaxed);
                options.progress->now_ns.store(loop.now().count(), std::memory_order_relaxed);
            }
            const StopRequest asked = options.stop ? options.stop->load(std::memory_order_relaxed) : StopRequest::None;
            if (asked == StopRequest::Abandon) {
                VariantRun stale;
                stale.variant = &variant;
                stale.stopped = true;
                release(std::move(live), options);
                return stale;
            }
            if (asked == StopRequest::Truncate) {
                truncation = "cancelled at " + secondsText(loop.now());
                break;
            }
        }
    }
    if (context.endWithMain) // the program exits: whatever still runs is orphaned
        for (const coro::Span &span : loop.recorder().spans())
            if (span.end.count() < 0)
                loop.recorder().setOutcome(span.id, coro::TaskOutcome::Orphaned);
    loop.recordOpenWaits();              // what the tasks still parked wait on (a hung service)
    loop.recorder().finish(loop.now()); // close the gauges' time integrals
    VariantRun run;
    run.variant = &variant;
    const coro::Recorder &recorder = loop.recorder();
    run.outcomes.requests = recorder.requests();
    for (int k = 0; k < coro::kAnswerKinds; ++k)
        run.outcomes.answers[k] = recorder.answers(coro::Answer(k));
    run.outcomes.unfinished = recorder.requests() - std::min(recorder.requests(), recorder.answered());
    run.metrics = publicMetrics(loop, coro::summarize(loop));
    for (const auto &[name, value] : context.extraMetrics)
        run.metrics.set(name, value);
    for (const auto &spec : scenario.metrics)
        if (spec.absentMeansZero && !run.metrics.has(spec.id))
            run.metrics.set(spec.id, 0); // a count that applies: nothing of the kind happened
    for (const auto &[name, value] : context.extraJson)
        run.structured.insert(QString::fromStdString(name), value);
    run.events = coro::eventsToJson(loop.recorder());
    for (const coro::StateEvent &e : loop.recorder().events())
        run.marks.push_back({coro::toSeconds(e.time), "state", describeEvent(e.source, e.state)});
    if (scenario.narrate) {
        auto verdicts = scenario.narrate({params, variant, run.metrics, loop.recorder()});
        run.marks.insert(run.marks.end(), verdicts.begin(), verdicts.end());
    }
    std::stable_sort(run.marks.begin(), run.marks.end(), [](const Mark &a, const Mark &b) { return a.time_s < b.time_s; });
    run.end_s = coro::toSeconds(loop.now());
    if (!truncation.empty()) {
        run.truncation = truncation;
        run.marks.push_back({run.end_s, "truncated", truncation});
    }
    if (options.keepRecorder)
        run.recorder = std::make_shared<const coro::Recorder>(loop.recorder());
    if (options.exporter)
        options.exporter(loop.recorder());
    release(std::move(live), options); // unwinds whatever still waits (hung requests, abandoned work)
    return run;
}

QJsonObject runHeader(const VariantRun &run)
{
    QJsonObject header{{"variant", QString::fromStdString(run.variant->id)},
                       {"role", roleName(run.variant->role)},
                       {"truncated", run.truncated()}};
    if (run.truncated())
        header.insert("truncation", QString::fromStdString(run.truncation));
    header.insert("requests", double(run.outcomes.requests));
    header.insert("outcomes", run.outcomes.toJson());
    return header;
}

QJsonObject Outcomes::toJson() const
{
    QJsonObject o;
    for (int k = 0; k < coro::kAnswerKinds; ++k)
        o.insert(coro::answerKey(coro::Answer(k)), double(answers[k]));
    o.insert("unfinished", double(unfinished));
    return o;
}

QJsonObject runReport(const Scenario &scenario, const Params &params, std::uint64_t seed,
                      const std::vector<VariantRun> &runs)
{
    QJsonObject parameters;
    for (const auto &[k, v] : params.numbers())
        parameters.insert(QString::fromStdString(k), v);
    for (const auto &[k, v] : params.choices())
        parameters.insert(QString::fromStdString(k), QString::fromStdString(v));
    QJsonArray results;
    bool truncated = false;
    for (const auto &r : runs) {
        QJsonObject metrics = coro::metricsToJson(r.metrics);
        for (auto it = r.structured.begin(); it != r.structured.end(); ++it)
            metrics.insert(it.key(), it.value());
        QJsonArray marks;
        for (const Mark &m : r.marks)
            marks.append(QJsonObject{{"time_s", m.time_s}, {"kind", QString::fromStdString(m.kind)}, {"text", QString::fromStdString(m.text)}});
        QJsonObject result = runHeader(r);
        result.insert("metrics", metrics);
        result.insert("events", r.events);
        result.insert("marks", marks);
        truncated = truncated || r.truncated();
        results.append(result);
    }
    return QJsonObject{{"scenario", QString::fromStdString(scenario.id)},
                       {"seed", double(seed)},
                       {"parameters", parameters},
                       {"truncated", truncated},
                       {"results", results}};
}

std::string describeEvent(const std::string &source, const std::string &state)
{
    static const std::map<std::string, std::string> told = {
        {"open", " opened"},
        {"half-open", " half-open: a probe goes through"},
        {"closed", " closed again"},
        {"saturated", ": every permit taken, callers queue"},
        {"exhausted", " exhausted: every connection taken"},
        {"empty", " empty: requests now wait for tokens"},
        {"full", " full: the producer waits (backpressure)"},
        {"first rejection", ": first call rejected"},
    };
    if (const auto it = told.find(state); it != told.end())
        return source + it->second;
    return source + ": " + state; // "service: first 429"
}

QString traceProcessName(const Scenario &scenario, const Variant &variant)
{
    return QString::fromStdString(scenario.id + "/" + variant.id);
}

bool writeTrace(const QString &path, const Scenario &scenario, const std::vector<const VariantRun *> &runs, QString *error)
{
    return coro::saveFile(
        path,
        [&](QIODevice &out) {
            coro::TraceWriter trace(out);
            for (const VariantRun *r : runs)
                if (r->recorder)
                    trace.add(*r->recorder, traceProcessName(scenario, *r->variant));
            trace.finish();
            return true;
        },
        error);
}

QString seriesCsvPath(const QString &directory, const Variant &variant)
{
    return QDir(directory).filePath(QString::fromStdString(variant.id) + QStringLiteral(".csv"));
}

bool writeSeriesCsv(const QString &directory, const std::vector<const VariantRun *> &runs, QString *error)
{
    if (!QDir().mkpath(directory)) {
        *error = QStringLiteral("cannot create the folder '%1'").arg(directory);
        return false;
    }
    for (const VariantRun *r : runs)
        if (r->recorder &&
            !coro::saveFile(
                seriesCsvPath(directory, *r->variant),
                [&](QIODevice &out) {
                    coro::writeSeriesCsv(*r->recorder, out);
                    return true;
                },
                error))
            return false;
    return true;
}

} // namespace scenarios
