// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Every scenario: the lesson holds in the direction it claims, its invariants hold, and a run
// is deterministic. Runs the registry, not the command line.
#include "mmc_workload.h"

#include "scenarios/runner.h"

#include "engine/export.h"
#include "engine/metrics.h"
#include "engine/recorder.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <cmath>

using namespace scenarios;

namespace {
Params paramsFor(const Scenario &s, const QStringList &settings)
{
    Params p = s.defaults();
    for (const QString &setting : settings) {
        std::string error;
        if (!applySetting(s, p, setting.toStdString(), &error))
            qFatal("bad test setting %s: %s", qPrintable(setting), error.c_str());
    }
    return p;
}

double metric(const VariantRun &run, const char *name)
{
    const auto v = run.metrics.get(name);
    if (!v)
        qFatal("metric %s missing for %s", name, run.variant->id.c_str());
    return *v;
}

VariantRun runOne(const Scenario &s, const char *variant, const Params &p, std::uint64_t seed = 1)
{
    return runVariant(s, *s.findVariant(variant), p, seed);
}
} // namespace

class TestScenarios : public QObject {
    Q_OBJECT
private slots:
    void registryIsWellFormed()
    {
        QVERIFY(!registry().empty());
        for (const Scenario &s : registry()) {
            QVERIFY(!s.id.empty() && s.practice >= 1 && s.practice <= 12);
            QVERIFY(!s.variants.empty());
            QVERIFY(std::any_of(s.variants.begin(), s.variants.end(), [](const Variant &v) { return v.role == Role::Good; }));
            for (const Variant &v : s.variants) // each variant runs: its own run, or the scenario's
                QVERIFY(v.run || s.run);
            for (const Parameter &p : s.parameters)
                if (const auto *r = std::get_if<NumericRange>(&p.kind))
                    QVERIFY(r->min <= r->defaultValue && r->defaultValue <= r->max);
        }
    }

    void everyScenarioDeclaresItsMetricsAndSignals()
    {
        for (const Scenario &s : registry()) {
            const QString id = QString::fromStdString(s.id);
            QVERIFY2(std::any_of(s.metrics.begin(), s.metrics.end(), [](const coro::MetricSpec &m) { return m.headline; }),
                     qPrintable(id + ": no headline metric"));
            for (const auto &m : s.metrics) {
                QVERIFY2(!m.label.empty(), qPrintable(id + ": " + QString::fromStdString(m.id)));
                QVERIFY2(!m.headline || m.better != coro::Better::None,
                         qPrintable(id + ": headline " + QString::fromStdString(m.id) + " needs a direction"));
            }
            QVERIFY2(!s.chartSignals.empty(), qPrintable(id));
            // Every parameter a spec names exists, with the kind it needs.
            auto numeric = [&](const std::string &name) {
                const Parameter *p = s.findParameter(name);
                return p && !p->isChoice();
            };
            for (const auto &g : s.chartSignals) {
                QVERIFY(!g.label.empty());
                for (const auto &ref : g.references) {
                    QVERIFY2(ref.parameter.empty() || numeric(ref.parameter), qPrintable(id + ": reference to " + QString::fromStdString(ref.parameter)));
                    QVERIFY2(ref.slopeParameter.empty() || numeric(ref.slopeParameter), qPrintable(id + ": slope " + QString::fromStdString(ref.slopeParameter)));
                }
            }
            for (const auto &band : s.bands) {
                QVERIFY2(band.startParameter.empty() || numeric(band.startParameter), qPrintable(id + ": band start " + QString::fromStdString(band.startParameter)));
                QVERIFY2(numeric(band.lengthParameter), qPrintable(id + ": band length " + QString::fromStdString(band.lengthParameter)));
            }
            for (const auto &p : s.parameters) {
                if (p.onlyWhen.empty())
                    continue;
                const auto eq = p.onlyWhen.find('=');
                QVERIFY2(eq != std::string::npos, qPrintable(id + ": " + QString::fromStdString(p.onlyWhen)));
                const Parameter *choice = s.findParameter(p.onlyWhen.substr(0, eq));
                QVERIFY2(choice && choice->isChoice(), qPrintable(id + ": only when " + QString::fromStdString(p.onlyWhen)));
                const auto &choices = std::get<Choices>(choice->kind).choices;
                QVERIFY2(std::find(choices.begin(), choices.end(), p.onlyWhen.substr(eq + 1)) != choices.end(),
                         qPrintable(id + ": only when " + QString::fromStdString(p.onlyWhen)));
            }
        }
    }

    // The headline metrics are the ones that teach: under the defaults each good variant beats
    // or ties each bad one on every headline metric, and beats it on at least one. Every
    // headline metric is reported by every run (a count as 0 when nothing happened), and every
    // signal is recorded by some variant.
    // Every variant tells its story: under the defaults each bad (and each) variant has at least
    // one verdict, in words, at a moment inside its run; marks come in time order, the state
    // events among them, and the JSON carries them.
    void everyVariantTellsItsStory_data() { headlineMetricsFavourTheGoodVariants_data(); }
    void everyVariantTellsItsStory()
    {
        QFETCH(QString, scenario);
        const Scenario &s = *findScenario(scenario.toStdString());
        std::vector<VariantRun> runs;
        for (const Variant &v : s.variants) {
            runs.push_back(runVariant(s, v, s.defaults(), 1, {}));
            const VariantRun &r = runs.back();
            const auto verdicts = std::count_if(r.marks.begin(), r.marks.end(), [](const Mark &m) { return m.kind == "verdict"; });
            QVERIFY2(verdicts >= 1, qPrintable(QString::fromStdString(v.id) + " has no verdict"));
            QCOMPARE(std::size_t(std::count_if(r.marks.begin(), r.marks.end(), [](const Mark &m) { return m.kind == "state"; })),
                     std::size_t(r.events.size()));
            for (std::size_t i = 0; i < r.marks.size(); ++i) {
                const Mark &m = r.marks[i];
                QVERIFY2(!m.text.empty() && m.text.find("nan") == std::string::npos, m.text.c_str());
                QVERIFY2(m.time_s >= 0 && m.time_s <= r.end_s + 1e-9, qPrintable(QStringLiteral("%1: '%2' at %3 s, the run ends at %4 s")
                                                                                       .arg(QString::fromStdString(v.id), QString::fromStdString(m.text))
                                                                                       .arg(m.time_s)
                                                                                       .arg(r.end_s)));
                if (i > 0)
                    QVERIFY(r.marks[i - 1].time_s <= m.time_s);
            }
        }
        const QJsonArray results = runReport(s, s.defaults(), 1, runs).value("results").toArray();
        for (int i = 0; i < results.size(); ++i)
            QCOMPARE(results[i].toObject().value("marks").toArray().size(), int(runs[std::size_t(i)].marks.size()));
    }

    void headlineMetricsFavourTheGoodVariants_data()
    {
        QTest::addColumn<QString>("scenario");
        for (const Scenario &s : registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id);
    }

    void headlineMetricsFavourTheGoodVariants()
    {
        QFETCH(QString, scenario);
        const Scenario &s = *findScenario(scenario.toStdString());
        std::vector<VariantRun> runs;
        for (const Variant &v : s.variants)
            runs.push_back(runVariant(s, v, s.defaults(), 1, {.keepRecorder = true}));
        for (const auto &g : s.chartSignals)
            QVERIFY2(std::any_of(runs.begin(), runs.end(), [&](const VariantRun &r) { return r.recorder->findGauge(g.id); }),
                     qPrintable(QString::fromStdString(g.id) + " is never recorded"));
        int pairs = 0;
        for (const VariantRun &good : runs) {
            if (good.variant->role != Role::Good)
                continue;
            for (const VariantRun &bad : runs) {
                if (bad.variant->role != Role::Bad)
                    continue;
                ++pairs;
                bool beatsOnOne = false;
                for (const auto &m : s.metrics) {
                    if (!m.headline)
                        continue;
                    // A latency of a variant that answered nothing, or a peak at a server it
                    // never reached, does not exist: nothing to compare.
                    if (!good.metrics.has(m.id) || !bad.metrics.has(m.id)) {
                        QVERIFY2(m.id.starts_with("latency_") || m.id.starts_with("peak_"), m.id.c_str());
                        QVERIFY2(good.metrics.has(m.id), qPrintable(QString::fromStdString(good.variant->id + " reports no " + m.id)));
                        continue;
                    }
                    const double g = metric(good, m.id.c_str()), b = metric(bad, m.id.c_str());
                    const bool higher = m.better == coro::Better::Higher;
                    const QString what = QStringLiteral("%1 vs %2 on %3: %4 against %5")
                                             .arg(QString::fromStdString(good.variant->id), QString::fromStdString(bad.variant->id),
                                                  QString::fromStdString(m.id))
                                             .arg(g)
                                             .arg(b);
                    QVERIFY2(higher ? g >= b : g <= b, qPrintable(what));
                    beatsOnOne = beatsOnOne || (higher ? g > b : g < b);
                }
                QVERIFY2(beatsOnOne, qPrintable(QString::fromStdString(good.variant->id + " never beats " + bad.variant->id)));
            }
        }
        QVERIFY(pairs > 0);
    }

    // Every result says what became of every request its callers issued, and its latency is of
    // the successful answers only: absent when there were none.
    void everyRequestHasAnOutcome_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("settings");
        for (const Scenario &s : registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id) << QStringList{};
        QTest::newRow("retry, a short budget") << QStringLiteral("retry") << QStringList{"max_attempts=1"};
        QTest::newRow("timeouts, hung at the horizon") << QStringLiteral("timeouts") << QStringList{"hang_s=600", "horizon_s=10"};
        QTest::newRow("breaker, a long outage") << QStringLiteral("circuit-breaker") << QStringList{"outage_s=60"};
    }
    void everyRequestHasAnOutcome()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario(scenario.toStdString());
        const Params p = paramsFor(s, settings);
        std::vector<VariantRun> runs;
        for (const Variant &v : s.variants)
            runs.push_back(runVariant(s, v, p, 1, {.keepRecorder = true}));
        const QJsonObject report = runReport(s, p, 1, runs);
        for (const QJsonValue r : report["results"].toArray()) {
            const QJsonObject result = r.toObject();
            const QString who = result["variant"].toString();
            QVERIFY2(result["requests"].toDouble() > 0, qPrintable(who));
            const QJsonObject outcomes = result["outcomes"].toObject();
            double sum = 0;
            for (const char *key : {"ok", "failed", "timed_out", "refused", "fallback", "cancelled", "unfinished"}) {
                QVERIFY2(outcomes.contains(key), qPrintable(who + ": no " + key));
                const double n = outcomes[key].toDouble();
                QVERIFY2(n >= 0 && n == std::floor(n), qPrintable(who + ": " + key));
                sum += n;
            }
            QCOMPARE(outcomes.size(), 7);
            QVERIFY2(sum == result["requests"].toDouble(), qPrintable(who + ": outcomes do not add up to the requests"));
            const QJsonObject metrics = result["metrics"].toObject();
            const double ok = outcomes["ok"].toDouble();
            for (const char *latency : {"latency_mean_s", "latency_p50_s", "latency_p99_s", "latency_max_s"})
                QVERIFY2(metrics.contains(latency) == (ok > 0), qPrintable(who + ": " + latency));
            if (sum > outcomes["unfinished"].toDouble())
                QVERIFY2(metrics.contains("answer_time_p99_s"), qPrintable(who));
        }
        // Latency is of the successes: no successful answer took longer than latency_max_s.
        for (const VariantRun &run : runs) {
            const coro::Recorder &rec = *run.recorder;
            QCOMPARE(rec.latencyCount(), run.outcomes.of(coro::Answer::Ok));
            if (rec.answered() > rec.latencyCount() && run.metrics.has("latency_max_s"))
                QVERIFY(metric(run, "answer_time_max_s") >= metric(run, "latency_max_s"));
        }
    }

    // Theory beside the measure: in the M/M/c setting the semaphore variant reports Erlang C's
    // expected wait, and where client in-flight is charted Little's law holds (L = lambda W).
    void theoryIsShownBesideTheMeasure()
    {
        const Scenario &s = *findScenario("semaphore");
        const Params mmc = paramsFor(s, {"capacity=0", "arrival=poisson", "latency=exponential", "requests=200000", "timeout_s=0"});
        const VariantRun sem = runOne(s, "semaphore", mmc);
        const double theory = metric(sem, "erlang_c_wait_s");
        QCOMPARE(theory, coro::erlangCMeanWait(10, 80, 10));
        QVERIFY2(std::abs(metric(sem, "mean_wait_s") / theory - 1) < 0.05, qPrintable(QString::number(metric(sem, "mean_wait_s"))));
        QVERIFY(!runOne(s, "semaphore", s.defaults()).metrics.has("erlang_c_wait_s")); // a burst is no M/M/c queue
        for (const char *variant : {"unbounded", "semaphore"}) {
            const VariantRun r = runOne(s, variant, s.defaults());
            QVERIFY2(std::abs(metric(r, "mean_in_system") / metric(r, "littles_law_in_system") - 1) < 0.01,
                     qPrintable(QStringLiteral("%1 vs %2").arg(metric(r, "mean_in_system")).arg(metric(r, "littles_law_in_system"))));
        }
    }

    // The timeline tells endings apart: a call the breaker refused, a request that timed out, an
    // exception nobody retrieved, a task orphaned at exit, and a wait on a hung service each
    // have their own mark, as many as the metrics count.
    void timelineStatesAreTrue()
    {
        auto spansWith = [](const VariantRun &run, coro::TaskOutcome outcome) {
            return double(std::count_if(run.recorder->spans().begin(), run.recorder->spans().end(),
                                        [&](const coro::Span &s) { return s.outcome == outcome; }));
        };
        const RunOptions keep{.keepRecorder = true};
        const Scenario &breaker = *findScenario("circuit-breaker");
        const VariantRun good = runVariant(breaker, *breaker.findVariant("breaker"), breaker.defaults(), 1, keep);
        QVERIFY(metric(good, "rejected") > 0);
        QCOMPARE(spansWith(good, coro::TaskOutcome::Refused), metric(good, "rejected"));
        QCOMPARE(spansWith(good, coro::TaskOutcome::Failed), metric(good, "failed"));
        QCOMPARE(spansWith(good, coro::TaskOutcome::TimedOut), metric(good, "timed_out"));

        const Scenario &timeouts = *findScenario("timeouts");
        const VariantRun t = runVariant(timeouts, *timeouts.findVariant("timeout"), timeouts.defaults(), 1, keep);
        QVERIFY(metric(t, "timed_out") > 0);
        QCOMPARE(spansWith(t, coro::TaskOutcome::TimedOut), metric(t, "timed_out"));
        const auto &segments = t.recorder->segments();
        QVERIFY(std::any_of(segments.begin(), segments.end(), [](const coro::Segment &s) { return s.kind == coro::WaitKind::Hung; }));

        // Without a timeout, requests stuck on the hung service are shown waiting on it until
        // the run ends, not running.
        const VariantRun none = runVariant(timeouts, *timeouts.findVariant("no-timeout"), timeouts.defaults(), 1, keep);
        QVERIFY(metric(none, "hung") > 0);
        const double runEnd = none.end_s;
        const auto hungToTheEnd = std::count_if(none.recorder->segments().begin(), none.recorder->segments().end(), [&](const coro::Segment &s) {
            return s.kind == coro::WaitKind::Hung && std::abs(coro::toSeconds(s.end) - runEnd) < 1e-9;
        });
        QCOMPARE(double(hungToTheEnd), metric(none, "hung"));

        const Scenario &lifecycle = *findScenario("task-lifecycle");
        const VariantRun f = runVariant(lifecycle, *lifecycle.findVariant("fire-and-forget"), lifecycle.defaults(), 1, keep);
        QVERIFY(metric(f, "errors_only_logged") > 0 && metric(f, "orphaned_tasks") > 0);
        QCOMPARE(spansWith(f, coro::TaskOutcome::Unretrieved), metric(f, "errors_only_logged"));
        QCOMPARE(spansWith(f, coro::TaskOutcome::Orphaned), metric(f, "orphaned_tasks"));
    }

    void everyScenarioHasALessonAndCode()
    {
        const QDir resources(QStringLiteral(COROSCOPE_SOURCE_DIR "/resources"));
        for (const Scenario &s : registry()) {
            const QString id = QString::fromStdString(s.id);
            QFile lesson(resources.filePath("lessons/" + id + ".md"));
            QVERIFY2(lesson.open(QIODevice::ReadOnly), qPrintable(lesson.fileName()));
            const QByteArray text = lesson.readAll();
            for (const char *section : {"## The problem", "## What to watch", "## Rule of thumb", "## Trade-offs", "## Pitfalls"})
                QVERIFY2(text.contains(section), qPrintable(id + ": " + section));
            for (const Variant &v : s.variants) // each variant's own code (the window checks its anchors)
                for (const char *ext : {".py", ".cpp"}) {
                    const QString file = "code/" + id + "/" + QString::fromStdString(v.id) + ext;
                    QVERIFY2(QFile::exists(resources.filePath(file)), qPrintable(file));
                }
        }
    }

    // Predict, then reveal: every practice asks one to three questions, each about a metric
    // its variant reports under the defaults, in words with every parameter filled in; the
    // run's own value is accepted and one far from it is not.
    void everyPracticeAsksQuestionsTheRunAnswers()
    {
        for (const Scenario &s : registry()) {
            const QString id = QString::fromStdString(s.id);
            QVERIFY2(!s.questions.empty() && s.questions.size() <= 3, qPrintable(id));
            const Params params = s.defaults();
            for (const Question &q : s.questions) {
                const std::string text = q.ask(params);
                QVERIFY2(text.find('{') == std::string::npos && text.back() == '?', text.c_str());
                // The reveal says why, in a sentence or two, with every parameter filled in.
                const std::string why = q.explain(params);
                QVERIFY2(why.size() > 40 && why.size() < 400 && why.back() == '.', (id.toStdString() + ": " + why).c_str());
                QVERIFY2(why.find('{') == std::string::npos, why.c_str());
                const Variant *v = s.findVariant(q.variant);
                QVERIFY2(v, qPrintable(id + ": " + QString::fromStdString(q.variant)));
                QVERIFY2(s.findMetric(q.metric), q.metric.c_str());
                const auto run = runVariant(s, *v, params, 1);
                const auto truth = run.metrics.get(q.metric);
                QVERIFY2(truth, qPrintable(id + ": " + QString::fromStdString(q.variant + " reports no " + q.metric)));
                QVERIFY2(q.accepts(*truth, *truth), text.c_str());
                const double far = *truth * 3 + std::max(10.0, 3 * q.slack) + 1;
                QVERIFY2(!q.accepts(far, *truth), text.c_str());
            }
        }
        Question q{"How many of {requests} requests at {rate}/s in a {arrival} burst, {nope}?", "v", "m", 0.2, 1};
        Params p;
        p.setNumber("requests", 400);
        p.setNumber("rate", 2.5);
        p.setChoice("arrival", "burst");
        QCOMPARE(q.ask(p), std::string("How many of 400 requests at 2.5/s in a burst burst, {nope}?"));
        QVERIFY(q.accepts(110, 100) && q.accepts(90, 100) && !q.accepts(121, 100));
        QVERIFY(q.accepts(1, 0) && !q.accepts(1.5, 0)); // the slack, near zero
    }

    void semaphoreBeatsUnboundedFanOut_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("poisson, exponential") << QStringList{"arrival=poisson", "arrival_rate=250", "latency=exponential"};
        QTest::newRow("small server") << QStringList{"capacity=4", "limit=4", "requests=300", "timeout_s=1"};
    }
    void semaphoreBeatsUnboundedFanOut()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("semaphore");
        const Params p = paramsFor(s, settings);
        const VariantRun bad = runOne(s, "unbounded", p);
        const VariantRun good = runOne(s, "semaphore", p);
        QVERIFY2(metric(good, "completed") > metric(bad, "completed"),
                 qPrintable(QStringLiteral("%1 vs %2").arg(metric(good, "completed")).arg(metric(bad, "completed"))));
        QVERIFY(metric(good, "peak_in_flight") <= p.number("limit")); // the invariant
        const auto timedOut = [](const VariantRun &r) { return r.metrics.get("timed_out").value_or(0); };
        QVERIFY(timedOut(good) < timedOut(bad));
        QVERIFY(!bad.metrics.has("mean_wait_s")); // absent where it does not apply
        QVERIFY(good.metrics.has("mean_wait_s"));
    }

    // Poisson arrivals, exponential service, an unlimited server: the semaphore is M/M/c.
    void semaphoreVariantIsAnMMcQueue()
    {
        const Scenario &s = *findScenario("semaphore");
        const Params p = paramsFor(s, {"capacity=0", "arrival=poisson", "arrival_rate=80", "latency=exponential",
                                       "latency_ms=100", "limit=10", "requests=200000", "timeout_s=0"});
        const VariantRun run = runOne(s, "semaphore", p, 11);
        const double theory = coro::test::erlangCWait(10, 80, 10);
        const double simulated = metric(run, "mean_wait_s");
        QVERIFY2(std::abs(simulated - theory) / theory < 0.05, qPrintable(QStringLiteral("%1 vs Erlang C %2").arg(simulated).arg(theory)));
    }

    void rateLimitTokenBucketKeepsToTheRate_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("fast, poisson") << QStringList{"rate=50", "burst=20", "requests=400", "arrival=poisson", "arrival_rate=200"};
        QTest::newRow("slow, small burst") << QStringList{"rate=2", "burst=1", "requests=30"};
    }
    void rateLimitTokenBucketKeepsToTheRate()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("rate-limit");
        const Params p = paramsFor(s, settings);
        const VariantRun none = runOne(s, "no-limiter", p);
        const VariantRun guide = runVariant(s, *s.findVariant("guide-limiter"), p, 1, {.keepRecorder = true});
        const VariantRun bucket = runVariant(s, *s.findVariant("token-bucket"), p, 1, {.keepRecorder = true});
        QVERIFY(metric(none, "rejected_429") > 0);
        QCOMPARE(metric(bucket, "rejected_429"), 0.0); // declared as a count: reported, and none
        QCOMPARE(metric(bucket, "completed"), p.number("requests"));
        if (bucket.metrics.has("effective_rate_per_s"))
            QVERIFY(metric(bucket, "effective_rate_per_s") <= p.number("rate") * 1.01);
        // What the guide's limiter really does, measured: it lets through more than its rate
        // whenever requests queue behind it, and the provider refuses the excess.
        if (p.choice("arrival") == "burst") {
            QVERIFY(metric(guide, "effective_rate_per_s") > p.number("rate") * 1.5);
            QVERIFY(metric(guide, "rejected_429") > 0);
            // Charted as the callers waiting for a token: all but the burst wait at first, and
            // the bucket lets them go at the rate, so its queue empties at (requests - burst) / rate;
            // the guide's, letting twice the rate through, well before.
            const auto emptiedAt = [](const VariantRun &r) {
                const coro::Gauge *g = r.recorder->findGauge("waiting_for_token");
                return g && !g->points.empty() && g->last == 0 ? coro::toSeconds(g->points.back().time) : -1.0;
            };
            const double waited = p.number("requests") - p.number("burst");
            QCOMPARE(bucket.recorder->findGauge("waiting_for_token")->max, waited);
            QVERIFY2(std::abs(emptiedAt(bucket) - waited / p.number("rate")) < 1.0 / p.number("rate") + 1e-9,
                     qPrintable(QString::number(emptiedAt(bucket))));
            QVERIFY2(emptiedAt(guide) > 0 && emptiedAt(guide) < 0.7 * emptiedAt(bucket), qPrintable(QString::number(emptiedAt(guide))));
        }
    }

    void breakerKeepsCallsAwayFromADeadService_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults (fail fast)") << QStringList{};
        QTest::newRow("hanging outage") << QStringList{"outage_mode=hang"};
        QTest::newRow("long outage, 3 probes") << QStringList{"outage_s=20", "requests=1500", "probes=3", "recovery_s=2"};
    }
    void breakerKeepsCallsAwayFromADeadService()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("circuit-breaker");
        const Params p = paramsFor(s, settings);
        const VariantRun none = runOne(s, "no-breaker", p);
        const VariantRun guide = runOne(s, "guide-breaker", p);
        const VariantRun good = runOne(s, "breaker", p);
        QVERIFY(metric(good, "calls_during_outage") < metric(none, "calls_during_outage") / 3);
        QCOMPARE(metric(good, "calls_while_open"), 0.0); // the invariant: nothing gets through while open
        QVERIFY(metric(good, "half_open_calls") <= p.number("probes") * double(good.structured.value("breaker_transitions").toArray().size()));
        QVERIFY(metric(good, "rejected") > 0);
        QCOMPARE(metric(good, "fail_fast_latency_s"), 0.0); // refused at once
        QVERIFY(!none.metrics.has("rejected"));
        // The transitions alternate sensibly and end closed once the service is back.
        const QJsonArray transitions = good.structured.value("breaker_transitions").toArray();
        QVERIFY(transitions.size() >= 2);
        QCOMPARE(transitions.first().toObject().value("to").toString(), QStringLiteral("open"));
        QCOMPARE(transitions.last().toObject().value("to").toString(), QStringLiteral("closed"));
        QVERIFY(guide.structured.contains("breaker_transitions"));
    }

    // What the guide's breaker does when the outage hangs: its half-open state lets every
    // caller through while the probe is still out, so many more calls reach the dead service.
    void guideBreakerFloodsAHangingServiceWhenHalfOpen()
    {
        const Scenario &s = *findScenario("circuit-breaker");
        const Params p = paramsFor(s, {"outage_mode=hang"});
        const VariantRun guide = runOne(s, "guide-breaker", p);
        const VariantRun good = runOne(s, "breaker", p);
        QVERIFY(metric(guide, "half_open_calls") > 5 * metric(good, "half_open_calls"));
        QVERIFY(metric(guide, "calls_during_outage") > metric(good, "calls_during_outage"));
        // Most of them go in while the service is still down; a few only after it is back.
        const double after = metric(guide, "half_open_calls_after_outage");
        QVERIFY(after > 0);
        QVERIFY(2 * after < metric(guide, "half_open_calls"));
    }

    void executorKeepsTheLoopFree_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults, fixed cost") << QStringList{"cpu_jitter=0"};
        QTest::newRow("9 jobs on 4 workers") << QStringList{"jobs=9", "cpu_ms=30", "cpu_jitter=0"};
        QTest::newRow("one worker, slow jobs") << QStringList{"workers=1", "cpu_ms=200", "jobs=5", "ipc_ms=10", "cpu_jitter=0"};
        QTest::newRow("short switch interval") << QStringList{"switch_ms=1", "cpu_jitter=0"};
    }
    void executorKeepsTheLoopFree()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("executor");
        const Params p = paramsFor(s, settings);
        const double cpu = p.number("cpu_ms") / 1000, jobs = p.number("jobs"), workers = p.number("workers");
        const double rounds = std::ceil(jobs / workers);
        const VariantRun onLoop = runOne(s, "on-loop", p);
        const VariantRun gil = runOne(s, "thread-pool-gil", p);
        const VariantRun threads = runOne(s, "thread-pool", p);
        const VariantRun processes = runOne(s, "process-pool", p);
        QVERIFY(metric(onLoop, "max_loop_lag_s") >= (jobs - 1) * cpu - 1e-9);
        QVERIFY(metric(onLoop, "heartbeat_misses") > 0);
        for (const VariantRun *pool : {&threads, &processes}) { // the work leaves the interpreter lock alone
            QCOMPARE(metric(*pool, "max_loop_lag_s"), 0.0);
            QCOMPARE(metric(*pool, "heartbeat_misses"), 0.0);
        }
        // Under the GIL the loop's thread waits its turn at the lock behind the busy workers:
        // at least one switch interval, at most one per worker.
        const double si = p.number("switch_ms") / 1000;
        QVERIFY(metric(gil, "max_loop_lag_s") >= si - 1e-12);
        QVERIFY(metric(gil, "max_loop_lag_s") <= std::min(jobs, workers) * si + 1e-12);
        if (std::min(jobs, workers) * si >= p.number("heartbeat_ms") / 1000)
            QVERIFY(metric(gil, "heartbeat_misses") > 0);
        QVERIFY(std::abs(metric(threads, "jobs_makespan_s") - rounds * cpu) < 1e-9);
        QVERIFY(std::abs(metric(gil, "jobs_makespan_s") - jobs * cpu) < 1e-9);
        QVERIFY(std::abs(metric(processes, "jobs_makespan_s") - (rounds * cpu + 2 * p.number("ipc_ms") / 1000)) < 1e-9);
    }

    void timeoutsEndTheWait_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("long hang, short timeout") << QStringList{"hang_s=10", "timeout_s=0.3", "requests=400"};
        QTest::newRow("burst into the hang") << QStringList{"arrival=burst", "hang_start_s=0", "requests=50"};
    }
    void timeoutsEndTheWait()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("timeouts");
        const Params p = paramsFor(s, settings);
        const VariantRun none = runOne(s, "no-timeout", p);
        const VariantRun swallowed = runOne(s, "timeout", p);
        const VariantRun fallback = runOne(s, "timeout-fallback", p);
        QVERIFY(metric(none, "hung") > 0);
        QCOMPARE(metric(swallowed, "hung"), 0.0);
        QVERIFY(metric(swallowed, "answer_time_max_s") <= p.number("timeout_s") + 1e-9); // the bound holds
        QVERIFY(metric(none, "longest_wait_s") > metric(swallowed, "longest_wait_s"));
        QCOMPARE(metric(swallowed, "longest_wait_s"), metric(swallowed, "answer_time_max_s"));
        QCOMPARE(double(none.outcomes.unfinished), metric(none, "hung")); // hung: no answer, no latency
        QCOMPARE(double(fallback.outcomes.of(coro::Answer::Fallback)), metric(fallback, "fallback_used"));
        QCOMPARE(metric(swallowed, "empty_results"), metric(swallowed, "timed_out"));
        QCOMPARE(metric(fallback, "served"), p.number("requests")); // every caller got an answer
        QVERIFY(metric(swallowed, "served") < p.number("requests"));
    }

    void asyncAllTheWayKeepsTheLoopFree_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("fixed latency") << QStringList{"latency=fixed", "requests=10", "latency_ms=50"};
        QTest::newRow("many requests") << QStringList{"requests=200", "latency=exponential"};
    }
    void asyncAllTheWayKeepsTheLoopFree()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("async-all-the-way");
        const Params p = paramsFor(s, settings);
        const VariantRun blocking = runOne(s, "blocking", p);
        const VariantRun sequential = runOne(s, "sequential", p);
        const VariantRun gathered = runOne(s, "gather", p);
        QVERIFY(metric(blocking, "max_loop_lag_s") > 0);
        QCOMPARE(metric(sequential, "max_loop_lag_s"), 0.0);
        QCOMPARE(metric(gathered, "max_loop_lag_s"), 0.0);
        QVERIFY(metric(gathered, "makespan_s") <= metric(sequential, "makespan_s"));
        QVERIFY(metric(sequential, "makespan_s") < metric(blocking, "makespan_s"));
        // The same work in every variant: two calls per request, the blocking one counted too.
        for (const VariantRun *r : {&blocking, &sequential, &gathered})
            QCOMPARE(metric(*r, "service_calls"), 2 * p.number("requests"));
        if (p.choice("latency") == "fixed") { // exact: one round trip, two, or N blocking calls
            const double l = p.number("latency_ms") / 1000;
            QVERIFY(std::abs(metric(gathered, "makespan_s") - l) < 1e-6);
            QVERIFY(std::abs(metric(sequential, "makespan_s") - 2 * l) < 1e-6);
            QVERIFY(std::abs(metric(blocking, "makespan_s") - (p.number("requests") + 1) * l) < 1e-6);
        }
    }

    void gatherKeepsResultsOnlyWithReturnExceptions_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("many failures") << QStringList{"failure_rate=0.3", "items=200"};
        QTest::newRow("no failures") << QStringList{"failure_rate=0"};
        QTest::newRow("fixed latency") << QStringList{"latency=fixed"};
    }
    void gatherKeepsResultsOnlyWithReturnExceptions()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("gather");
        const Params p = paramsFor(s, settings);
        const VariantRun sequential = runOne(s, "sequential", p);
        const VariantRun failFast = runOne(s, "gather-fail-fast", p);
        const VariantRun all = runOne(s, "gather-return-exceptions", p);
        const double items = p.number("items");
        QCOMPARE(metric(all, "results_kept") + metric(all, "errors_reported"), items);
        QCOMPARE(metric(all, "results_kept"), metric(sequential, "results_kept")); // same world, same failures
        QVERIFY(metric(all, "makespan_s") < metric(sequential, "makespan_s"));
        if (p.number("failure_rate") > 0) {
            QCOMPARE(metric(failFast, "results_kept"), 0.0);
            if (p.choice("latency") == "fixed") // all calls end in one iteration, as in asyncio: gather raises after
                QCOMPARE(metric(failFast, "results_nobody_reads"), 0.0);
            else
                QVERIFY(metric(failFast, "results_nobody_reads") > 0);
        } else {
            QCOMPARE(metric(failFast, "results_kept"), items);
        }
    }

    void contextManagerNeverLeaks_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("many failures, big pool") << QStringList{"failure_rate=0.3", "pool_size=50", "jobs=500"};
        QTest::newRow("tight deadlines") << QStringList{"deadline_s=0.1", "failure_rate=0", "arrival=burst", "jobs=100"};
    }
    void contextManagerNeverLeaks()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("resource-cleanup");
        const Params p = paramsFor(s, settings);
        const VariantRun manual = runOne(s, "manual", p);
        const VariantRun managed = runOne(s, "context-manager", p);
        QCOMPARE(metric(managed, "leaked_connections"), 0.0); // every connection opened is closed
        QVERIFY(metric(manual, "leaked_connections") > 0);
        QVERIFY(metric(managed, "peak_open_connections") <= p.number("pool_size"));
        QVERIFY(metric(managed, "completed") >= metric(manual, "completed"));
    }

    void batchingCutsCallsAndCost_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("burst of 500, batches of 50") << QStringList{"arrival=burst", "items=500", "batch_size=50"};
        QTest::newRow("slow trickle") << QStringList{"arrival_rate=2", "items=30", "linger_ms=200"};
    }
    void batchingCutsCallsAndCost()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("batching");
        const Params p = paramsFor(s, settings);
        const VariantRun single = runOne(s, "one-per-item", p);
        const VariantRun guide = runOne(s, "guide-batches", p);
        const VariantRun concurrent = runOne(s, "concurrent-batches", p);
        const VariantRun micro = runOne(s, "micro-batching", p);
        const double items = p.number("items"), size = p.number("batch_size");
        QCOMPARE(metric(single, "service_calls"), items);
        QCOMPARE(metric(guide, "service_calls"), std::ceil(items / size));
        QCOMPARE(metric(concurrent, "service_calls"), std::ceil(items / size));
        QVERIFY(metric(micro, "service_calls") <= items);
        for (const VariantRun *r : {&single, &guide, &concurrent, &micro})
            QCOMPARE(metric(*r, "completed"), items);
        QVERIFY(metric(guide, "cost") < metric(single, "cost"));
        QVERIFY(metric(concurrent, "latency_mean_s") <= metric(guide, "latency_mean_s"));
        // Micro-batching never holds an item longer than the linger plus one batch call.
        const double batchCall = (p.number("batch_base_ms") + size * p.number("batch_item_ms")) / 1000;
        QVERIFY(metric(micro, "latency_max_s") <= p.number("linger_ms") / 1000 + batchCall + 1e-9);
    }

    void backoffRidesOutTheOutage_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("longer outage, more clients") << QStringList{"outage_s=3", "clients=300", "max_attempts=10"};
        QTest::newRow("no outage, many failures") << QStringList{"outage_s=0", "failure_rate=0.5"};
    }
    void backoffRidesOutTheOutage()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("retry");
        const Params p = paramsFor(s, settings);
        const VariantRun none = runOne(s, "no-retry", p);
        const VariantRun immediate = runOne(s, "immediate", p);
        const VariantRun decorrelated = runOne(s, "decorrelated-jitter", p);
        const double clients = p.number("clients");
        QCOMPARE(metric(none, "service_calls"), clients);
        QVERIFY(metric(immediate, "service_calls") <= clients * p.number("max_attempts"));
        QVERIFY(metric(decorrelated, "completed") >= immediate.metrics.get("completed").value_or(0));
        QVERIFY(metric(decorrelated, "completed") > clients * 0.8);
        if (p.number("outage_s") > 0)
            QCOMPARE(metric(immediate, "service_calls"), clients * p.number("max_attempts")); // all inside the outage
    }

    // Retry only what is transient: the guide's decorator retries every exception, so a
    // malformed request (400, on every attempt) costs it calls to the end of its attempts; the
    // policies that ask isTransient() give it up at once. Without malformed requests, nobody does.
    // At the defaults every jitter ties or beats capped exponential backoff without it on each
    // of the practice's headlines, and beats it on one: the lesson's claim, in its numbers.
    void jitterBeatsPlainBackoffOnTheHeadlines()
    {
        const Scenario &s = *findScenario("retry");
        const VariantRun plain = runOne(s, "exponential", s.defaults());
        for (const char *jitter : {"equal-jitter", "full-jitter", "decorrelated-jitter"}) {
            const VariantRun j = runOne(s, jitter, s.defaults());
            bool beats = false;
            for (const auto &m : s.metrics) {
                if (!m.headline)
                    continue;
                const double a = metric(j, m.id.c_str()), b = metric(plain, m.id.c_str());
                const bool higher = m.better == coro::Better::Higher;
                QVERIFY2(higher ? a >= b : a <= b, qPrintable(QStringLiteral("%1 on %2: %3 against %4").arg(jitter, QString::fromStdString(m.id)).arg(a).arg(b)));
                beats = beats || (higher ? a > b : a < b);
            }
            QVERIFY2(beats, jitter);
            QVERIFY(metric(j, "peak_in_flight") < metric(plain, "peak_in_flight") / 3); // the herd, broken up
        }
    }

    void onlyTheGuidesDecoratorRetriesA400_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<bool>("malformed");
        QTest::newRow("defaults") << QStringList{} << true;
        QTest::newRow("many malformed, no outage") << QStringList{"bad_request_rate=0.3", "outage_s=0"} << true;
        QTest::newRow("none malformed") << QStringList{"bad_request_rate=0"} << false;
    }
    void onlyTheGuidesDecoratorRetriesA400()
    {
        QFETCH(QStringList, settings);
        QFETCH(bool, malformed);
        const Scenario &s = *findScenario("retry");
        const Params p = paramsFor(s, settings);
        const VariantRun guide = runOne(s, "exponential-guide", p);
        QCOMPARE(metric(guide, "retries_after_400") > 0, malformed);
        for (const char *v : {"no-retry", "immediate", "full-jitter", "decorrelated-jitter"})
            QCOMPARE(metric(runOne(s, v, p), "retries_after_400"), 0.0);
        // Every malformed client the guide gave up on failed after all its attempts.
        if (malformed && p.number("outage_s") == 0)
            QCOMPARE(metric(guide, "retries_after_400"), metric(guide, "failed") * (p.number("max_attempts") - 1));
    }

    // The analysis' contention model: jitter does less work than no jitter or immediate retry.
    void jitterWinsUnderContention_data()
    {
        QTest::addColumn<int>("clients");
        QTest::newRow("25 clients") << 25;
        QTest::newRow("50 clients") << 50;
        QTest::newRow("100 clients") << 100;
    }
    void jitterWinsUnderContention()
    {
        QFETCH(int, clients);
        const Scenario &s = *findScenario("retry");
        const Params p = paramsFor(s, {"world=contention", "base_ms=5", "cap_s=2", "max_attempts=1000",
                                       QStringLiteral("clients=%1").arg(clients)});
        const VariantRun immediate = runOne(s, "immediate", p);
        const VariantRun guide = runOne(s, "exponential-guide", p);
        const VariantRun full = runOne(s, "full-jitter", p);
        const VariantRun decorrelated = runOne(s, "decorrelated-jitter", p);
        for (const VariantRun *r : {&immediate, &guide, &full, &decorrelated})
            QCOMPARE(metric(*r, "completed"), double(clients)); // every client writes eventually
        for (const VariantRun *r : {&full, &decorrelated}) {
            QVERIFY(metric(*r, "service_calls") < metric(immediate, "service_calls"));
            QVERIFY(metric(*r, "service_calls") < metric(guide, "service_calls"));
            QVERIFY(metric(*r, "work_makespan_s") < metric(guide, "work_makespan_s"));
        }
        // Each client's last write is its one success: writes = clients + conflicts.
        QCOMPARE(metric(full, "service_calls"), double(clients) + metric(full, "retries"));
    }

    // The analysis' model to the message: four 10 ms messages per attempt, the version read
    // when the read request arrives and checked when the write request does, and the first
    // retry at base * 2. Two clients in lockstep: both read version 0 at 10 ms, both writes
    // arrive at 30 ms, one lands; the other hears of its conflict at 40 ms, waits 2 * 5 ms,
    // reads again at 60 ms and has its successful write response at 90 ms.
    void contentionFollowsTheAnalysisMessageByMessage()
    {
        const Scenario &s = *findScenario("retry");
        const Params one = paramsFor(s, {"world=contention", "base_ms=5", "message_sd_ms=0", "clients=1"});
        const VariantRun alone = runOne(s, "exponential", one);
        QCOMPARE(metric(alone, "service_calls"), 1.0);
        QVERIFY(std::abs(metric(alone, "work_makespan_s") - 0.040) < 1e-9);
        const Params two = paramsFor(s, {"world=contention", "base_ms=5", "message_sd_ms=0", "clients=2"});
        const VariantRun pair = runOne(s, "exponential", two);
        QCOMPARE(metric(pair, "service_calls"), 3.0);
        QCOMPARE(metric(pair, "retries"), 1.0);
        QVERIFY2(std::abs(metric(pair, "work_makespan_s") - 0.090) < 1e-9, qPrintable(QString::number(metric(pair, "work_makespan_s"))));
    }

    void pipelineOverlapsAndBoundsMemory_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("slow processing, small queue") << QStringList{"process_ms=200", "queue_size=3", "consumers=2"};
        QTest::newRow("fixed times") << QStringList{"latency=fixed", "items=50", "fetch_ms=10", "process_ms=10", "consumers=1"};
    }
    void pipelineOverlapsAndBoundsMemory()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("streams");
        const Params p = paramsFor(s, settings);
        const VariantRun all = runOne(s, "collect-all", p);
        const VariantRun iter = runOne(s, "async-for", p);
        const VariantRun pipe = runOne(s, "pipeline", p);
        QCOMPARE(metric(all, "peak_buffered"), p.number("items"));
        QCOMPARE(metric(iter, "peak_buffered"), 1.0);
        QVERIFY(metric(pipe, "peak_buffered") <= p.number("queue_size")); // the bound holds
        QVERIFY(metric(iter, "time_to_first_result_s") < metric(all, "time_to_first_result_s"));
        QVERIFY(metric(pipe, "makespan_s") < metric(iter, "makespan_s"));
        for (const VariantRun *r : {&all, &iter, &pipe})
            QCOMPARE(metric(*r, "completed"), p.number("items"));
        if (p.choice("latency") == "fixed") { // one consumer: fetch and process overlap exactly
            const double n = p.number("items"), f = p.number("fetch_ms") / 1000, proc = p.number("process_ms") / 1000;
            QVERIFY(std::abs(metric(iter, "makespan_s") - n * (f + proc)) < 1e-6);
            QVERIFY(std::abs(metric(pipe, "makespan_s") - (n * f + proc)) < 1e-6);
        }
    }

    void ownedTasksLoseNothing_data()
    {
        QTest::addColumn<QStringList>("settings");
        QTest::newRow("defaults") << QStringList{};
        QTest::newRow("early shutdown") << QStringList{"shutdown_s=0.5", "workers=100"};
        QTest::newRow("many failures") << QStringList{"failure_rate=0.2", "shutdown_s=4"};
    }
    void ownedTasksLoseNothing()
    {
        QFETCH(QStringList, settings);
        const Scenario &s = *findScenario("task-lifecycle");
        const Params p = paramsFor(s, settings);
        const VariantRun forgotten = runOne(s, "fire-and-forget", p);
        const VariantRun guide = runOne(s, "guide-task-manager", p);
        const VariantRun group = runOne(s, "task-group", p);
        // Shutdown comes before the work is done: a worker either failed or is orphaned.
        QVERIFY(p.number("steps") * p.number("step_ms") / 1000 > p.number("shutdown_s"));
        QCOMPARE(metric(forgotten, "orphaned_tasks"), p.number("workers") - metric(forgotten, "errors_only_logged"));
        QCOMPARE(metric(guide, "orphaned_tasks"), 0.0);
        QCOMPARE(metric(group, "orphaned_tasks"), 0.0);
        QCOMPARE(metric(group, "errors_only_logged"), 0.0);
        QCOMPARE(metric(guide, "errors_only_logged"), metric(forgotten, "errors_only_logged")); // same world, same failures
        QVERIFY(metric(group, "steps_done") >= metric(guide, "steps_done"));
        // Every worker still running at shutdown cleaned up in the group.
        QCOMPARE(metric(group, "cleanups"), p.number("workers"));
        QVERIFY(std::abs(metric(group, "shutdown_time_s") - p.number("cleanup_ms") / 1000) < 1e-9);
        QVERIFY(std::abs(metric(forgotten, "makespan_s") - p.number("shutdown_s")) < 1e-9);
    }

    void everyScenarioIsDeterministic()
    {
        for (const Scenario &s : registry()) {
            bool seedMatters = false; // for some variant: a variant may meet no luck at all
            for (const Variant &v : s.variants) {
                // What the command line's --trace and --csv write, streamed from the run's recorder.
                auto exported = [&](std::uint64_t seed, VariantRun *run) {
                    QByteArray bytes;
                    *run = runVariant(s, v, s.defaults(), seed, {.exporter = [&](const coro::Recorder &r) {
                                          bytes = coro::chromeTrace(r) + coro::seriesCsv(r);
                                      }});
                    return bytes;
                };
                VariantRun a, b, c;
                const QByteArray first = exported(42, &a);
                QVERIFY(!first.isEmpty());
                QCOMPARE(exported(42, &b), first);
                QCOMPARE(a.metrics.values(), b.metrics.values());
                seedMatters = seedMatters || exported(43, &c) != first;
            }
            QVERIFY2(seedMatters, s.id.c_str());
        }
    }

    // A stale run stops at Abandon within 4096 turns and reports nothing; a run that never
    // sees a request finishes.
    void aRunStopsWhenAskedTo()
    {
        const Scenario &s = *findScenario("semaphore");
        const Params p = paramsFor(s, {"requests=20000", "timeout_s=0"});
        std::atomic<StopRequest> stop{StopRequest::Abandon};
        const VariantRun stopped = runVariant(s, s.variants.back(), p, 1, {.stop = &stop});
        QVERIFY(stopped.stopped);
        QVERIFY(stopped.metrics.values().empty());
        stop.store(StopRequest::None);
        const VariantRun whole = runVariant(s, s.variants.back(), p, 1, {.stop = &stop});
        QVERIFY(!whole.stopped);
        QVERIFY(!whole.truncated());
        QCOMPARE(metric(whole, "completed"), 20000.0);
    }

    // Truncate (the window's Cancel) stops the run as soon as it looks, and reports what ran.
    void aCancelledRunReportsWhatRan()
    {
        const Scenario &s = *findScenario("semaphore");
        const Params p = paramsFor(s, {"requests=20000", "timeout_s=0"});
        std::atomic<StopRequest> stop{StopRequest::Truncate};
        RunProgress progress;
        const VariantRun cut = runVariant(s, s.variants.back(), p, 1, {.stop = &stop, .progress = &progress});
        QVERIFY(!cut.stopped);
        QVERIFY(cut.truncated());
        QVERIFY2(QString::fromStdString(cut.truncation).startsWith("cancelled at "), cut.truncation.c_str());
        QVERIFY(metric(cut, "events") > 0 && metric(cut, "events") < 3 * 4096); // looked at on the 4096th turn
        QVERIFY(metric(cut, "completed") < 20000);
        QCOMPARE(progress.events.load(), std::uint64_t(metric(cut, "events")));
        QCOMPARE(cut.marks.back().kind, std::string("truncated"));
        QCOMPARE(cut.marks.back().time_s, cut.end_s);
    }

    // The event budget cuts a run at the same turn on every machine: the run is the same up
    // to there, marked truncated, and a budget it does not reach changes nothing.
    void theEventBudgetCutsARunDeterministically()
    {
        const Scenario &s = *findScenario("task-lifecycle");
        // About a billion events: minutes of computing without a budget.
        const Params p = paramsFor(s, {"workers=10000", "steps=100000", "step_ms=1", "shutdown_s=3600"});
        const RunOptions budget{.timeline = false, .maxEvents = 200'000};
        const VariantRun a = runVariant(s, s.variants.back(), p, 1, budget); // the TaskGroup waits for every worker
        const VariantRun b = runVariant(s, s.variants.back(), p, 1, budget);
        QVERIFY(a.truncated());
        // Its share of the run's budget: a third, for three variants.
        // Each exception raised counts as kEventsPerException events: throwing one costs that much.
        const QRegularExpressionMatch said =
            QRegularExpression(R"(^stopped at its budget of 66,666 events \(the run's 200,000 shared by 3 variants\), each of its ([0-9,]+) exceptions counting as 20, at )")
                .match(QString::fromStdString(a.truncation));
        QVERIFY2(said.hasMatch(), a.truncation.c_str());
        const double exceptions = said.captured(1).remove(QLatin1Char(',')).toDouble();
        QVERIFY(exceptions > 0);
        const double spent = metric(a, "events") + exceptions * double(kEventsPerException);
        QVERIFY(spent >= 66'666 && spent < 66'666 + 10'000);
        QCOMPARE(a.metrics.values(), b.metrics.values());
        QCOMPARE(a.end_s, b.end_s);

        const Scenario &sem = *findScenario("semaphore");
        const VariantRun whole = runVariant(sem, sem.variants.back(), sem.defaults(), 1, {.timeline = false});
        const auto events = std::uint64_t(metric(whole, "events"));
        const VariantRun roomy = runVariant(sem, sem.variants.back(), sem.defaults(), 1, {.timeline = false, .maxEvents = 2 * (events + 1)});
        QVERIFY(!whole.truncated() && !roomy.truncated());
        QCOMPARE(roomy.metrics.values(), whole.metrics.values());
        const VariantRun tight = runVariant(sem, sem.variants.back(), sem.defaults(), 1, {.timeline = false, .maxEvents = events});
        QVERIFY(tight.truncated());
        QVERIFY(metric(tight, "completed") < metric(whole, "completed"));
    }

    // The JSON says whether each run, and the whole, went to its end.
    void theReportSaysWhatWasTruncated()
    {
        const Scenario &s = *findScenario("semaphore");
        std::vector<VariantRun> runs;
        runs.push_back(runVariant(s, s.variants.front(), s.defaults(), 1, {.timeline = false}));
        runs.push_back(runVariant(s, s.variants.back(), s.defaults(), 1, {.timeline = false, .maxEvents = 100}));
        const QJsonObject report = runReport(s, s.defaults(), 1, runs);
        QCOMPARE(report["truncated"].toBool(), true);
        const QJsonArray results = report["results"].toArray();
        QCOMPARE(results[0].toObject()["truncated"].toBool(), false);
        QVERIFY(!results[0].toObject().contains("truncation"));
        QCOMPARE(results[1].toObject()["truncated"].toBool(), true);
        QCOMPARE(results[1].toObject()["truncation"].toString(), QString::fromStdString(runs[1].truncation));
        runs.pop_back();
        QCOMPARE(runReport(s, s.defaults(), 1, runs)["truncated"].toBool(), false);
    }

    // --run --json records no timeline; nothing it reports may depend on one.
    void metricsAndMarksDoNotNeedTheTimeline()
    {
        for (const Scenario &s : registry())
            for (const Variant &v : s.variants) {
                const VariantRun with = runVariant(s, v, s.defaults(), 1, {.timeline = true});
                const VariantRun without = runVariant(s, v, s.defaults(), 1, {.timeline = false});
                const std::string what = s.id + "/" + v.id;
                QVERIFY2(with.metrics.values() == without.metrics.values(), what.c_str());
                QVERIFY2(with.events == without.events, what.c_str());
                QCOMPARE(with.marks.size(), without.marks.size());
                for (std::size_t i = 0; i < with.marks.size(); ++i)
                    QVERIFY2(with.marks[i].text == without.marks[i].text && with.marks[i].time_s == without.marks[i].time_s, what.c_str());
            }
    }

    void badSettingsAreRefusedWithTheAllowedValues_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no equals") << "limit" << "expects KEY=VALUE";
        QTest::newRow("unknown key") << "limitt=3" << "allowed: requests, limit";
        QTest::newRow("not a number") << "limit=ten" << "needs a whole number from 1 to 1000; got 'ten'";
        QTest::newRow("trailing junk") << "limit=5x" << "needs a whole number";
        QTest::newRow("out of range") << "limit=0" << "out of range";
        QTest::newRow("nan") << "limit=nan" << "needs a whole number";
        // A count takes no fractions; a number is decimal, as written, and nothing else.
        QTest::newRow("fraction") << "limit=2.7" << "needs a whole number from 1 to 1000; got '2.7'";
        QTest::newRow("requests fraction") << "requests=1.5" << "parameter 'requests' needs a whole number from 1 to 1000000; got '1.5'";
        QTest::newRow("hex") << "limit=0x10" << "needs a whole number from 1 to 1000; got '0x10'";
        QTest::newRow("leading space") << "limit= 5" << "got ' 5'";
        QTest::newRow("trailing space") << "limit=5 " << "got '5 '";
        QTest::newRow("inf") << "limit=inf" << "needs a whole number";
        QTest::newRow("bad choice") << "arrival=steady" << "one of: burst, poisson";
    }
    // A tiny number is a number: 1e-320 reads as the subnormal it is (a fraction of a count is
    // still refused above).
    void plainDecimalsAreRead_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::newRow("whole") << "12" << 12.0;
        QTest::newRow("signed") << "-0.5" << -0.5;
        QTest::newRow("exponent") << "2e3" << 2000.0;
        QTest::newRow("point first") << ".25" << 0.25;
        QTest::newRow("subnormal") << "1e-320" << 1e-320;
    }
    void plainDecimalsAreRead()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        double v = -1;
        QVERIFY(parseDecimal(text.toStdString(), &v));
        QCOMPARE(v, value);
        for (const char *bad : {"", " 1", "1 ", "0x10", "1e", "e5", ".", "+", "inf", "nan", "1,5", "1e999"})
            QVERIFY2(!parseDecimal(bad, &v), bad);
        const Scenario &retry = *findScenario("retry");
        Params p = retry.defaults();
        std::string error;
        QVERIFY2(applySetting(retry, p, "failure_rate=1e-320", &error), error.c_str());
        QCOMPARE(p.number("failure_rate"), 1e-320);
    }

    // A p99 no log-normal with that mean can have is refused with the largest allowed.
    void anImpossibleTailIsRefused()
    {
        const Scenario &timeouts = *findScenario("timeouts");
        Params p = timeouts.defaults();
        std::string error;
        QVERIFY(applySetting(timeouts, p, "latency_ms=100", &error));
        QVERIFY(applySetting(timeouts, p, "latency_p99_ms=1496", &error));
        QCOMPARE(checkParams(timeouts, p), std::string());
        QVERIFY(applySetting(timeouts, p, "latency_p99_ms=2000", &error));
        QCOMPARE(checkParams(timeouts, p),
                 std::string("latency_p99_ms: 2000 ms is more than a log-normal latency with a mean of 100 ms can have at its p99; "
                             "the largest allowed is 1496 ms (14.97 times the mean)"));
    }

    void badSettingsAreRefusedWithTheAllowedValues()
    {
        QFETCH(QString, setting);
        QFETCH(QString, expected);
        const Scenario &s = *findScenario("semaphore");
        Params p = s.defaults();
        std::string error;
        QVERIFY(!applySetting(s, p, setting.toStdString(), &error));
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
        QCOMPARE(p.number("limit"), 10.0); // untouched
    }
};

QTEST_GUILESS_MAIN(TestScenarios)
#include "tst_scenarios.moc"
