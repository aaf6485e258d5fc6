// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Policy Lab: its file format and messages, and what its shipped examples teach, each
// claim measured from the run (on virtual time, so in milliseconds).
#include "scenarios/lab.h"
#include "scenarios/runner.h"

#include "engine/export.h"
#include "engine/recorder.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace scenarios;

namespace {

Lab example(const QString &name)
{
    QFile f(QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/labs/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("no lab %s", qPrintable(name));
    Lab lab;
    std::string error;
    if (!parseLab(f.readAll(), &lab, &error))
        qFatal("%s: %s", qPrintable(name), error.c_str());
    return lab;
}

struct LabRun {
    std::shared_ptr<const Scenario> scenario;
    std::vector<VariantRun> runs;
    double metric(std::size_t pipeline, const char *id) const
    {
        return runs.at(pipeline).metrics.get(id).value_or(-1);
    }
};

LabRun run(const Lab &lab, const std::vector<std::pair<std::string, double>> &set = {}, bool keepRecorder = false)
{
    LabRun r;
    r.scenario = labScenario(lab);
    Params params = r.scenario->defaults();
    for (const auto &[k, v] : set)
        params.setNumber(k, v);
    for (const auto &v : r.scenario->variants)
        r.runs.push_back(runVariant(*r.scenario, v, params, 1, {.keepRecorder = keepRecorder, .timeline = false}));
    return r;
}

// The time average of a gauge between a and b (seconds), from its recorded steps.
double average(const coro::Recorder &rec, const char *gauge, double a, double b)
{
    const coro::Gauge *g = rec.findGauge(gauge);
    if (!g)
        return -1;
    double area = 0;
    for (std::size_t i = 0; i < g->points.size(); ++i) {
        const double t = coro::toSeconds(g->points[i].time);
        const double next = i + 1 < g->points.size() ? coro::toSeconds(g->points[i + 1].time) : b;
        const double lo = std::max(t, a), hi = std::min(next, b);
        if (hi > lo)
            area += g->points[i].value * (hi - lo);
    }
    return area / (b - a);
}

std::string parseError(const QByteArray &json)
{
    Lab lab;
    std::string error;
    return parseLab(json, &lab, &error) ? std::string("(accepted)") : error;
}

const char *kPipeline = R"("pipelines": [{"name": "p", "layers": [{"kind": "retry"}]}])";

} // namespace

class TestLab : public QObject {
    Q_OBJECT
private slots:
    // Every shipped example parses, runs every pipeline to its end, accounts for each request,
    // gives the same numbers twice, has a lesson, and survives a save and a reopen unchanged.
    void examplesRun_data()
    {
        QTest::addColumn<QString>("name");
        const QStringList files = QDir(QStringLiteral(COROSCOPE_SOURCE_DIR "/resources/labs")).entryList({QStringLiteral("*.json")});
        QCOMPARE(files.size(), 5);
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f.chopped(5);
    }
    void examplesRun()
    {
        QFETCH(QString, name);
        const Lab lab = example(name);
        QVERIFY(!lab.lesson.empty());
        const LabRun first = run(lab), second = run(lab);
        const double requests = lab.setting.number("requests");
        for (std::size_t i = 0; i < first.runs.size(); ++i) {
            QVERIFY(!first.runs[i].truncated());
            double settled = 0;
            for (const char *outcome : {"completed", "failed", "timed_out", "rejected"})
                settled += std::max(0.0, first.metric(i, outcome));
            settled += std::max(0.0, first.metric(i, "fallbacks"));
            QCOMPARE(settled, requests);
            // The outcomes say the same, kind by kind.
            const Outcomes &o = first.runs[i].outcomes;
            QCOMPARE(double(o.requests), requests);
            QCOMPARE(double(o.of(coro::Answer::Ok)), first.metric(i, "completed"));
            QCOMPARE(double(o.of(coro::Answer::TimedOut)), std::max(0.0, first.metric(i, "timed_out")));
            QCOMPARE(double(o.of(coro::Answer::Refused)), std::max(0.0, first.metric(i, "rejected")));
            QCOMPARE(double(o.of(coro::Answer::Fallback)), std::max(0.0, first.metric(i, "fallbacks")));
            QCOMPARE(o.unfinished, std::uint64_t(0));
            QCOMPARE(coro::metricsToJson(first.runs[i].metrics).value("service_calls"),
                     coro::metricsToJson(second.runs[i].metrics).value("service_calls"));
            QCOMPARE(first.metric(i, "latency_p99_s"), second.metric(i, "latency_p99_s"));
        }
        Lab reopened;
        std::string error;
        QVERIFY2(parseLab(QJsonDocument(labJson(lab)).toJson(), &reopened, &error), error.c_str());
        QCOMPARE(labJson(reopened), labJson(lab));
    }

    // Every lab charts its headline: what a lab names, else what its world and layers teach
    // with, and the load offered in every one. The lesson gauges agree with the metrics: the
    // calls into the outage so far end at calls_during_outage, the calls per request so far at
    // retry_amplification; the limit Little's law gives is capacity ÷ latency × the timeout
    // inside the limit, before and after the capacity drops.
    void everyLabChartsItsHeadline()
    {
        const auto signalsOf = [](const Scenario &s) {
            QStringList ids;
            for (const auto &c : s.chartSignals)
                ids << QString::fromStdString(c.id);
            return ids;
        };
        for (const char *name : {"retry-and-breaker", "retry-budget", "adaptive-limit", "hedging", "timeouts"}) {
            const Lab lab = example(QString::fromLatin1(name));
            const auto scenario = labScenario(lab);
            QVERIFY2(signalsOf(*scenario).contains(QStringLiteral("load.offered_per_s")), name);
        }
        const LabRun breaker = run(example(QStringLiteral("retry-and-breaker")), {}, true);
        QCOMPARE(signalsOf(*breaker.scenario).front(), QStringLiteral("load.calls_into_outage"));
        for (std::size_t i = 0; i < breaker.runs.size(); ++i)
            QCOMPARE(breaker.runs[i].recorder->findGauge("load.calls_into_outage")->max, breaker.metric(i, "calls_during_outage"));
        const LabRun budget = run(example(QStringLiteral("retry-budget")), {}, true);
        QCOMPARE(signalsOf(*budget.scenario).front(), QStringLiteral("load.calls_per_request"));
        for (std::size_t i = 0; i < budget.runs.size(); ++i)
            QVERIFY(std::abs(budget.runs[i].recorder->findGauge("load.calls_per_request")->last - budget.metric(i, "retry_amplification")) < 0.05);
        const Lab adaptiveLab = example(QStringLiteral("adaptive-limit"));
        const LabRun adaptive = run(adaptiveLab, {}, true);
        QVERIFY(signalsOf(*adaptive.scenario).contains(QStringLiteral("limit.limit")));
        const coro::Gauge *little = adaptive.runs[1].recorder->findGauge("limit.littles_law");
        QVERIFY(little);
        const double timeout = adaptiveLab.pipelines[1].layers[2].numbers.at("timeout_s");
        const double latency = adaptiveLab.setting.number("latency_ms") / 1000;
        QCOMPARE(little->max, adaptiveLab.setting.number("capacity") / latency * timeout);
        QCOMPARE(little->last, adaptiveLab.setting.number("capacity_after") / latency * timeout);
        QVERIFY(!adaptive.runs[0].recorder->findGauge("limit.littles_law")); // no adaptive limit there
        QVERIFY(labScenario(example(QStringLiteral("hedging")))->percentileChart);
        QVERIFY(!breaker.scenario->percentileChart);
        // The sampler is the world's, and ends with the last answer: it adds no time to the run.
        for (const VariantRun &r : breaker.runs) {
            double lastAnswer = 0;
            for (int k = 0; k < coro::kAnswerKinds; ++k)
                if (const coro::Gauge *g = r.recorder->findGauge(coro::answerGauge(coro::Answer(k))))
                    lastAnswer = std::max(lastAnswer, coro::toSeconds(g->points.back().time));
            QCOMPARE(r.metrics.get("makespan_s").value(), lastAnswer);
        }
    }

    // A lab in which nothing succeeds reports no latency: the adaptive limit's service at 500 ms
    // answers nothing within its timeouts, and the AIMD pipeline's fast refusals are no latency.
    void nothingAnsweredMeansNoLatency()
    {
        const LabRun r = run(example(QStringLiteral("adaptive-limit")), {{"latency_ms", 500}});
        for (const VariantRun &v : r.runs) {
            QCOMPARE(v.outcomes.of(coro::Answer::Ok), std::uint64_t(0));
            QVERIFY(!v.metrics.has("latency_p99_s"));
            QVERIFY(v.metrics.has("answer_time_p99_s"));
        }
        QVERIFY(r.runs[1].outcomes.of(coro::Answer::Refused) > 0);
    }

    // The order of retry and breaker: with the retry outside, the breaker counts every
    // attempt and its refusals end the retries, so far fewer calls go into the dead service.
    void retryOutsideTheBreakerSparesTheDeadService()
    {
        const LabRun r = run(example(QStringLiteral("retry-and-breaker")));
        QCOMPARE(r.runs[0].variant->label, std::string("retry inside the breaker"));
        const double inside = r.metric(0, "calls_during_outage"), outside = r.metric(1, "calls_during_outage");
        QVERIFY2(outside > 0 && outside * 2 < inside, qPrintable(QStringLiteral("%1 vs %2").arg(outside).arg(inside)));
        QVERIFY(r.metric(1, "service_calls") < r.metric(0, "service_calls"));
    }

    // A hedge at about the p95 cuts the p99 of a heavy tail by more than 30 % for at most
    // about 10 % more calls.
    void hedgingCutsTheTail()
    {
        const Lab lab = example(QStringLiteral("hedging"));
        const LabRun r = run(lab);
        const double p95 = r.metric(0, "latency_p95_s");
        const double delay = lab.pipelines[1].layers[1].numbers.at("delay_ms") / 1000;
        QVERIFY2(std::abs(delay - p95) <= 0.2 * p95, qPrintable(QStringLiteral("delay %1 s, p95 %2 s").arg(delay).arg(p95)));
        const double before = r.metric(0, "latency_p99_s"), after = r.metric(1, "latency_p99_s");
        QVERIFY2(after < 0.7 * before, qPrintable(QStringLiteral("p99 %1 -> %2").arg(before).arg(after)));
        QVERIFY(r.metric(1, "service_calls") <= 1.1 * r.metric(0, "service_calls"));
        QVERIFY(r.metric(1, "hedged_calls") > 0);
    }

    // A retry budget bounds the calls per request during an outage: at most about
    // 1 + ratio, plus its reserve, while retrying without one multiplies them.
    void retryBudgetBoundsAmplification()
    {
        const Lab lab = example(QStringLiteral("retry-budget"));
        const LabRun r = run(lab);
        const double ratio = lab.pipelines[1].layers[0].numbers.at("budget_ratio");
        const double requests = lab.setting.number("requests");
        const double bound = 1 + ratio + RetryBudgetReserve / requests;
        QVERIFY2(r.metric(1, "retry_amplification") <= bound, qPrintable(QString::number(r.metric(1, "retry_amplification"))));
        QVERIFY(r.metric(0, "retry_amplification") > 2);
        QVERIFY(r.metric(1, "retries_refused") > 0);
        // A longer outage: the storm grows with it, the budget's calls per request do not.
        const LabRun longer = run(lab, {{"outage_s", 15}});
        QVERIFY(longer.metric(0, "calls_during_outage") > r.metric(0, "calls_during_outage"));
        QVERIFY(longer.metric(1, "retry_amplification") <= bound);
    }

    // AIMD under overload settles near the concurrency Little's law gives for the server:
    // capacity x (the timeout / the service time) calls fit within the timeout; and it
    // follows the drop from 10 servers to 4.
    void aimdSettlesNearTheCapacityAndFollowsItsDrop()
    {
        const Lab lab = example(QStringLiteral("adaptive-limit"));
        const LabRun r = run(lab, {{"arrival_rate", 150}, {"requests", 3000}}, true); // overloaded throughout
        const auto &rec = *r.runs[1].recorder;
        const double timeout = lab.pipelines[1].layers[2].numbers.at("timeout_s"); // per call, inside the limit
        const double service = lab.setting.number("latency_ms") / 1000;
        const double change = lab.setting.number("capacity_change_s");
        const double before = average(rec, "limit.limit", 2, change);
        const double after = average(rec, "limit.limit", change + 2, 20);
        const double littleBefore = lab.setting.number("capacity") * timeout / service;
        const double littleAfter = lab.setting.number("capacity_after") * timeout / service;
        QVERIFY2(std::abs(before - littleBefore) <= 0.4 * littleBefore, qPrintable(QStringLiteral("%1 vs %2").arg(before).arg(littleBefore)));
        QVERIFY2(std::abs(after - littleAfter) <= 0.4 * littleAfter, qPrintable(QStringLiteral("%1 vs %2").arg(after).arg(littleAfter)));
        // The lab as shipped: the fixed limit makes requests wait out the second; AIMD does not.
        const LabRun shipped = run(lab);
        QVERIFY(shipped.metric(1, "answer_time_p99_s") <= timeout + 1e-9);
        QVERIFY(shipped.metric(0, "answer_time_p99_s") > 5 * shipped.metric(1, "answer_time_p99_s"));
        QVERIFY(shipped.metric(0, "latency_p99_s") > shipped.metric(1, "latency_p99_s")); // of the successes too
        QVERIFY(shipped.metric(1, "completed") > shipped.metric(0, "completed"));
    }

    // One timeout around the retries leaves no time to retry a slow attempt; a timeout per
    // attempt does, and the deadline around it bounds the whole call.
    void timeoutPerAttemptInsideADeadline()
    {
        const Lab lab = example(QStringLiteral("timeouts"));
        const LabRun r = run(lab);
        QVERIFY(r.metric(0, "timed_out") > 5 * std::max(1.0, r.metric(2, "timed_out")));
        QCOMPARE(r.metric(0, "retries"), 0.0); // the slow attempt spends the whole second
        QVERIFY(r.metric(1, "latency_max_s") > 1.0);
        QVERIFY(r.metric(2, "latency_max_s") <= 1.0 + 1e-9);
    }

    // A bad lab file: one line that names the JSON path and what is allowed.
    void badFilesNameThePath_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray p = kPipeline;
        QTest::newRow("kind") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "retyr"}]}]})")
                              << "pipelines[0].layers[0].kind: unknown \"retyr\"; allowed: timeout, retry, circuit_breaker, bulkhead, rate_limiter, hedge, adaptive_limit, fallback";
        QTest::newRow("no kind") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "retry"}, {"timeout_s": 1}]}]})")
                                 << "pipelines[0].layers[1].kind: missing; allowed: timeout, retry, circuit_breaker, bulkhead, rate_limiter, hedge, adaptive_limit, fallback";
        QTest::newRow("range") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "retry", "max_attempts": 0}]}]})")
                               << "pipelines[0].layers[0].max_attempts: 0 is out of range; allowed: 1 to 100";
        QTest::newRow("whole") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "hedge", "max_hedges": 1.5}]}]})")
                               << "pipelines[0].layers[0].max_hedges: must be a whole number; got 1.5";
        QTest::newRow("setting") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "timeout", "timeout": 1}]}]})")
                                 << "pipelines[0].layers[0].timeout: unknown setting; allowed: kind, timeout_s";
        QTest::newRow("jitter") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "retry", "jitter": "ful"}]}]})")
                                << "pipelines[0].layers[0].jitter: unknown \"ful\"; allowed: full, none, equal, decorrelated";
        QTest::newRow("world") << QByteArray("{\"world\": {\"latency\": 5}, " + p + "}")
                               << "world.latency: unknown setting; allowed: latency_ms, latency_p99_ms, failure_rate, outage_start_s, outage_s, outage_mode, capacity, capacity_after, capacity_change_s, quota_rate_per_s";
        QTest::newRow("type") << QByteArray("{\"load\": {\"requests\": \"many\"}, " + p + "}")
                              << "load.requests: must be a number from 1 to 100000; got a string";
        QTest::newRow("role type") << QByteArray(R"({"pipelines": [{"role": 5, "layers": []}]})")
                                   << "pipelines[0].role: must be a string (bad, good or neutral); got a number";
        QTest::newRow("chart name") << QByteArray("{\"charts\": [\"offered_load\", \"nope\"], " + p + "}")
                                    << "charts[1]: unknown chart \"nope\"; allowed: latency_percentiles, offered_load, calls_into_outage, calls_per_request, adaptive_limit, server_in_flight, server_capacity, breaker_state, retry_budget";
        QTest::newRow("charts type") << QByteArray("{\"charts\": \"offered_load\", " + p + "}")
                                     << "charts: must be a list of chart names; got a string; allowed: latency_percentiles, offered_load, calls_into_outage, calls_per_request, adaptive_limit, server_in_flight, server_capacity, breaker_state, retry_budget";
        QTest::newRow("headline type") << QByteArray("{\"headlines\": [5], " + p + "}")
                                       << "headlines[0]: must be a metric name (a string); got a number; allowed: completed, latency_p99_s, service_calls, calls_during_outage, retry_amplification, hedged_calls, fallbacks, rejected, limit, retries_refused, failed, timed_out, retries, latency_p50_s, latency_p95_s, latency_mean_s, latency_max_s, makespan_s, peak_in_flight";
        QTest::newRow("kind type") << QByteArray(R"({"pipelines": [{"layers": [{"kind": 3}]}]})")
                                   << "pipelines[0].layers[0].kind: must be a string; got a number; allowed: timeout, retry, circuit_breaker, bulkhead, rate_limiter, hedge, adaptive_limit, fallback";
        QTest::newRow("twice") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "retry", "kind": "timeout"}]}]})")
                               << "pipelines[0].layers[0]: \"kind\" is given twice; a key may appear once in an object";
        QTest::newRow("twice at the top") << QByteArray("{\"title\": \"a\", \"title\": \"b\", " + p + "}")
                                          << "\"title\" is given twice; a key may appear once in an object";
        QTest::newRow("twice escaped") << QByteArray("{\"load\": {\"requests\": 5, \"r\\u0065quests\": 6}, " + p + "}")
                                       << "load: \"requests\" is given twice; a key may appear once in an object";
        QTest::newRow("tail") << QByteArray("{\"world\": {\"latency_ms\": 100, \"latency_p99_ms\": 100000}, " + p + "}")
                              << "world.latency_p99_ms: 100000 ms is more than a log-normal latency with a mean of 100 ms can have at its p99; the largest allowed is 1496 ms (14.97 times the mean)";
        QTest::newRow("none") << QByteArray(R"({"pipelines": []})") << "pipelines: must be a list of 1 to 4 pipelines";
        QTest::newRow("five") << QByteArray(R"({"pipelines": [{"layers": []}, {"layers": []}, {"layers": []}, {"layers": []}, {"layers": []}]})")
                              << "pipelines: must be a list of 1 to 4 pipelines";
        QTest::newRow("emoji twins") << QByteArray(R"({"pipelines": [{"name": "😀", "layers": []}, {"name": " 😀 ", "layers": []}]})")
                                     << "pipelines[1].name: \"😀\" is already the name of another pipeline";
        QTest::newRow("twins") << QByteArray(R"({"pipelines": [{"name": "A", "layers": []}, {"name": "a", "layers": []}]})")
                               << "pipelines[1].name: \"a\" is already the name of another pipeline";
        QTest::newRow("member") << QByteArray("{\"titel\": \"x\", " + p + "}")
                                << "titel: unknown member; allowed: title, lesson, world, load, pipelines, headlines, charts";
        QTest::newRow("headline") << QByteArray("{\"headlines\": [\"p99\"], " + p + "}")
                                  << "headlines[0]: unknown metric \"p99\"; allowed: completed, latency_p99_s, service_calls, calls_during_outage, retry_amplification, hedged_calls, fallbacks, rejected, limit, retries_refused, failed, timed_out, retries, latency_p50_s, latency_p95_s, latency_mean_s, latency_max_s, makespan_s, peak_in_flight";
        QTest::newRow("limits") << QByteArray(R"({"pipelines": [{"layers": [{"kind": "adaptive_limit", "min": 50, "max": 10}]}]})")
                                << "pipelines[0].layers[0].min: 50 is above max (10)";
        QTest::newRow("json") << QByteArray("{\"pipelines\": [") << "not JSON: unterminated array at byte 15";
        QTest::newRow("array") << QByteArray("[]") << "a lab is a JSON object: {\"title\", \"world\", \"load\", \"pipelines\"}";
    }
    void badFilesNameThePath()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        QCOMPARE(QString::fromStdString(parseError(json)), message);
    }

    // The Code tab's Python runs as it stands, with python3 alone, against its stand-in
    // service: every pipeline of every example, 12 requests each, every request accounted for.
    void generatedPythonRuns_data() { examplesRun_data(); }
    void generatedPythonRuns()
    {
#ifndef COROSCOPE_PYTHON3
        QSKIP("no python3");
#else
        QFETCH(QString, name);
        const Lab lab = example(name);
        QTemporaryDir dir;
        for (const auto &pipeline : lab.pipelines) {
            const std::string code = labCode(pipeline, lab.setting, true);
            QVERIFY(code.find("import asyncio") != std::string::npos);
            QVERIFY(code.find("#@ io") != std::string::npos); // the Code tab's anchor for the call
            const QString path = dir.filePath(QStringLiteral("lab.py"));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(QByteArray::fromStdString(code));
            f.close();
            QProcess py;
            py.start(QStringLiteral(COROSCOPE_PYTHON3), {path, QStringLiteral("12")});
            QVERIFY(py.waitForFinished(60000));
            const QByteArray err = py.readAllStandardError();
            QVERIFY2(py.exitCode() == 0, qPrintable(QString::fromStdString(pipeline.name) + QLatin1String(": ") + QString::fromUtf8(err)));
            // The last line counts the outcomes: {'answered': 11, 'TimeoutError': 1}
            const QByteArray out = py.readAllStandardOutput().trimmed();
            int total = 0;
            for (const QByteArray &part : out.mid(1, out.size() - 2).split(','))
                total += part.mid(part.indexOf(':') + 1).trimmed().toInt();
            QVERIFY2(total == 12, out.constData());
            QVERIFY(!labCode(pipeline, lab.setting, false).empty());
        }
#endif
    }

    // The generated breaker and adaptive limit follow the engine's rules, checked in python3 on
    // the classes themselves: a call counts only in the breaker state it began in (a late failure
    // from before it opened does not restart its clock; a late success does not close it), and
    // the limit takes no sample from a 500 or a cancellation (AIMD grew by one on each).
    void generatedBreakerAndLimitFollowTheEngine()
    {
#ifndef COROSCOPE_PYTHON3
        QSKIP("no python3");
#else
        Lab lab = example(QStringLiteral("retry-and-breaker"));
        LabPipeline pipeline;
        pipeline.name = "both";
        pipeline.layers = {defaultLayer("circuit_breaker"), defaultLayer("adaptive_limit")};
        QTemporaryDir dir;
        QFile code(dir.filePath(QStringLiteral("lab.py")));
        QVERIFY(code.open(QIODevice::WriteOnly));
        code.write(QByteArray::fromStdString(labCode(pipeline, lab.setting, true)));
        code.close();
        QFile driver(dir.filePath(QStringLiteral("check.py")));
        QVERIFY(driver.open(QIODevice::WriteOnly));
        driver.write(R"(import asyncio, importlib.util, sys
spec = importlib.util.spec_from_file_location("lab", sys.argv[1])
lab = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lab)

async def main():
    breaker = lab.CircuitBreaker(threshold=1, recovery=0.05, probes=1)
    async def slow_failure(item):
        await asyncio.sleep(0.1)
        raise RuntimeError("late")
    async def failure(item):
        raise RuntimeError("now")
    async def slow_success(item):
        await asyncio.sleep(0.1)
    late = asyncio.create_task(breaker.wrap(slow_failure)(1))  # begins closed
    await asyncio.sleep(0)
    try:
        await breaker.wrap(failure)(2)  # opens the breaker
    except RuntimeError:
        pass
    assert breaker.state == "open", breaker.state
    opened = breaker.opened
    try:
        await late
    except RuntimeError:
        pass
    assert breaker.opened == opened, "a late failure from before the opening restarted the clock"
    await asyncio.sleep(0.06)
    probe = asyncio.create_task(breaker.wrap(slow_success)(3))  # half-open, the one probe
    await asyncio.sleep(0)
    assert breaker.state == "half-open", breaker.state
    try:
        await breaker.wrap(failure)(4)  # refused: the probe is out
    except lab.BreakerOpen:
        pass
    await probe
    assert breaker.state == "closed", breaker.state

    limit = lab.AdaptiveLimit("aimd", initial=2, lowest=1, highest=100)
    async def error500(item):
        raise lab.ServiceError(500)
    for i in range(3):
        try:
            await limit.wrap(error500)(i)
        except lab.ServiceError:
            pass
    assert limit.limit == 2, f"a 500 moved the limit to {limit.limit}"
    async def hang(item):
        await asyncio.sleep(10)
    task = asyncio.create_task(limit.wrap(hang)(9))
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    assert limit.limit == 2 and limit.in_flight == 0, f"a cancellation moved the limit to {limit.limit}"
    async def ok(item):
        return item
    await limit.wrap(ok)(1)
    assert limit.limit == 3, f"a success in use did not raise the limit: {limit.limit}"
    print("ok")

asyncio.run(main())
)");
        driver.close();
        QProcess py;
        py.start(QStringLiteral(COROSCOPE_PYTHON3), {driver.fileName(), code.fileName()});
        QVERIFY(py.waitForFinished(60000));
        QVERIFY2(py.exitCode() == 0 && py.readAllStandardOutput().trimmed() == "ok", py.readAllStandardError().constData());
#endif
    }

    // Names are told apart as they were written: letters beyond ASCII stay in the id, so "😀",
    // "😎" and "ÄÖÜ" are three pipelines (an id of ASCII letters alone made all three one).
    void namesBeyondAsciiStayApart()
    {
        Lab lab;
        std::string error;
        QVERIFY2(parseLab(R"({"pipelines": [{"name": "😀", "layers": []}, {"name": "😎", "layers": []},
                                            {"name": "ÄÖÜ", "layers": []}, {"name": "Retry, inside!", "layers": []}]})",
                          &lab, &error),
                 error.c_str());
        const auto s = labScenario(lab);
        QCOMPARE(s->variants[0].id, std::string("😀"));
        QCOMPARE(s->variants[1].id, std::string("😎"));
        QCOMPARE(s->variants[2].id, std::string("äöü"));
        QCOMPARE(s->variants[3].id, std::string("retry-inside"));
        // What cannot be seen separates, as a space does: a no-break space, a zero-width one.
        QCOMPARE(pipelineId("a\u00a0b"), std::string("a-b"));
        QCOMPARE(pipelineId("a\u200bb"), std::string("a-b"));
    }

    // A name is a comment in the generated code, on its one line: a newline in it cannot put
    // the rest of the name into the program.
    void aNameStaysInItsComment()
    {
        Lab lab;
        std::string error;
        QVERIFY2(parseLab(R"({"pipelines": [{"name": "x\nraise SystemExit(3)\r\u0007", "layers": [{"kind": "timeout"}]}]})", &lab, &error),
                 error.c_str());
        const auto s = labScenario(lab);
        for (const bool python : {true, false}) {
            const QString code = QString::fromStdString(s->code(0, s->defaults(), python));
            QVERIFY(code.contains(QStringLiteral("x\\x0araise SystemExit(3)\\x0d\\x07")));
            for (const QString &line : code.split(QLatin1Char('\n')))
                QVERIFY2(!line.startsWith(QStringLiteral("raise SystemExit")), qPrintable(line));
        }
    }

    // Settings left out take their defaults; a pipeline may be the bare call.
    void defaultsFillIn()
    {
        Lab lab;
        std::string error;
        QVERIFY(parseLab(R"({"pipelines": [{"layers": [{"kind": "retry"}]}, {"name": "bare", "layers": []}]})", &lab, &error));
        QCOMPARE(lab.pipelines[0].name, std::string("pipeline 1"));
        QCOMPARE(lab.pipelines[0].layers[0].numbers.at("max_attempts"), 3.0);
        QCOMPARE(lab.pipelines[0].layers[0].choices.at("jitter"), std::string("full"));
        QCOMPARE(lab.setting.number("requests"), 600.0);
        QCOMPARE(describeLayer(lab.pipelines[0].layers[0]), std::string("retry, 3 attempts, full jitter"));
        const LabRun r = run(lab);
        QCOMPARE(r.metric(1, "service_calls"), 600.0);
        QCOMPARE(r.metric(1, "completed"), 600.0);
    }
};

QTEST_GUILESS_MAIN(TestLab)
#include "tst_lab.moc"
