// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The recorder, the metrics summary, the exporters, and determinism of whole runs.
#include "engine_helpers.h"

#include "engine/export.h"
#include "engine/instrument.h"
#include "engine/metrics.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace coro;
using namespace coro::test;

namespace {
// A small but busy workload: 300 requests through a semaphore to a flaky, heavy-tailed service
// with timeouts. Everything random comes from the seed.
void busyWorkload(Loop &loop, std::uint64_t seed)
{
    loop.spawn("main", [seed]() -> QCoro::Task<void> {
        KeyedRandom random(seed);
        ServiceConfig c;
        c.latency = Distribution::logNormal(50ms, 400ms);
        c.failureProbability = 0.1;
        c.capacity = 6;
        Service service(random, c);
        Semaphore limit(8, "limit");
        std::vector<TaskHandle<void>> tasks;
        for (int i = 0; i < 300; ++i)
            tasks.push_back(spawn({"request", i}, [&, i]() -> QCoro::Task<void> {
                co_await sleep(Distribution::exponential(5ms).sample(random, {99, std::uint64_t(i), 0}));
                const Time start = now();
                auto permit = co_await limit.acquire();
                Answer answer = Answer::Ok;
                try {
                    co_await timeout(300ms, service.call(std::uint64_t(i)));
                } catch (const TimeoutError &) {
                    answer = Answer::TimedOut;
                } catch (const std::exception &) {
                    answer = Answer::Failed;
                }
                currentTask().loop().recorder().answered(answer, now(), now() - start);
            }));
        for (auto &t : tasks)
            co_await t;
    });
    loop.runToEnd();
}

QByteArray traceOf(std::uint64_t seed)
{
    Loop loop;
    busyWorkload(loop, seed);
    return chromeTrace(loop.recorder()) + seriesCsv(loop.recorder()) +
           QJsonDocument(metricsToJson(summarize(loop))).toJson();
}
} // namespace

class TestRecorder : public QObject {
    Q_OBJECT
private slots:
    // One instrument, two runs on two loops: each run gets its own gauges and counters, a
    // counter that never counts stays absent, and a first-time event is published once a run.
    void instrumentBindsEachRunAndPublishesFirstTimesOnce()
    {
        Instrument instrument("pool");
        const Instrument::Gauge open = instrument.gauge("open");
        const Instrument::Counter opened = instrument.counter("opened");
        instrument.counter("never"); // declared, never counted
        for (int run = 0; run < 2; ++run) {
            Loop loop;
            loop.spawn("main", [&]() -> QCoro::Task<void> {
                for (int i = 1; i <= 3; ++i) {
                    co_await sleep(10ms);
                    instrument.set(open, i);
                    instrument.add(opened);
                    instrument.firstTime("exhausted");
                }
                instrument.transition("drained");
            });
            loop.runToEnd();
            const Recorder &rec = loop.recorder();
            QVERIFY(rec.findGauge("pool.open"));
            QCOMPARE(rec.findGauge("pool.open")->max, 3.0);
            QCOMPARE(rec.counterValue("pool.opened"), 3.0);
            QCOMPARE(rec.counterValue("pool.never", -1), -1.0);
            QCOMPARE(rec.events().size(), std::size_t(2));
            QCOMPARE(rec.events()[0].state, std::string("exhausted"));
            QCOMPARE(rec.events()[0].time, Time(10ms));
            QCOMPARE(rec.events()[1].state, std::string("drained"));
            QCOMPARE(rec.events()[1].source, std::string("pool"));
        }
    }

    void anInstrumentWithoutANameRecordsNothing()
    {
        Instrument silent;
        const Instrument::Gauge g = silent.gauge("level");
        Loop loop;
        loop.spawn("main", [&]() -> QCoro::Task<void> {
            silent.set(g, 5);
            silent.transition("up");
            co_return;
        });
        loop.runToEnd();
        QVERIFY(!loop.recorder().findGauge(".level"));
        QVERIFY(loop.recorder().events().empty());
    }

    void stateEventsStopAtTheirLimitAndExport()
    {
        RecorderLimits limits;
        limits.maxStateEvents = 3;
        Recorder rec(limits);
        for (int i = 0; i < 5; ++i)
            rec.event(Time(std::chrono::milliseconds(i)), "breaker", i % 2 ? "closed" : "open");
        QCOMPARE(rec.events().size(), std::size_t(3));
        QCOMPARE(rec.droppedEvents(), 2u);
        const QJsonArray json = eventsToJson(rec);
        QCOMPARE(json.size(), 3);
        QCOMPARE(json[1].toObject().value("state").toString(), QStringLiteral("closed"));
        QCOMPARE(json[2].toObject().value("time_s").toDouble(), 0.002);
        const QJsonArray trace = QJsonDocument::fromJson(chromeTrace(rec)).object().value("traceEvents").toArray();
        int instants = 0;
        for (const auto &e : trace)
            if (e.toObject().value("ph").toString() == QLatin1String("i"))
                ++instants;
        QCOMPARE(instants, 3);
    }

    void sameSeedGivesAnIdenticalTraceAnotherSeedDoesNot()
    {
        const QByteArray a = sha256(traceOf(7));
        const QByteArray b = sha256(traceOf(7));
        const QByteArray c = sha256(traceOf(8));
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void gaugesRecordOnlyChanges()
    {
        Recorder rec;
        const int g = rec.gauge("level");
        rec.set(g, Time(1ms), 3);
        rec.set(g, Time(2ms), 3); // no change: nothing recorded
        rec.set(g, Time(3ms), 1);
        rec.set(g, Time(3ms), 5); // same instant: the last value stands, the peak is kept
        rec.set(g, Time(4ms), 0);
        const Gauge &gauge = rec.gauges()[std::size_t(g)];
        QCOMPARE(gauge.points.size(), std::size_t(4)); // 0@0, 3@1, 5@3, 0@4
        QCOMPARE(gauge.points[2].value, 5.0);
        QCOMPARE(gauge.max, 5.0);
        QCOMPARE(gauge.min, 0.0);
        rec.finish(Time(10ms));
        QCOMPARE(gauge.area, 3 * 0.002 + 5 * 0.001);
    }

    void compactionBoundsPointsAndKeepsExtremes()
    {
        RecorderLimits limits;
        limits.maxPointsPerGauge = 1024;
        Recorder rec(limits);
        const int g = rec.gauge("wave");
        double expectedMax = 0;
        for (int i = 1; i <= 1'000'000; ++i) {
            const double v = (i % 1000 == 500) ? 1000.0 + i / 1000 : double(i % 7);
            expectedMax = std::max(expectedMax, v);
            rec.set(g, Time(std::chrono::microseconds(i)), v);
        }
        const Gauge &gauge = rec.gauges()[std::size_t(g)];
        QVERIFY(gauge.points.size() <= limits.maxPointsPerGauge);
        QVERIFY(gauge.bucket > Duration{0});
        QCOMPARE(gauge.max, expectedMax);
        double maxKept = 0;
        for (const auto &p : gauge.points)
            maxKept = std::max(maxKept, p.value);
        QCOMPARE(maxKept, expectedMax); // the spike survives compaction
        for (std::size_t i = 1; i < gauge.points.size(); ++i)
            QVERIFY(gauge.points[i - 1].time <= gauge.points[i].time);
    }

    void segmentsAndSpansStopAtTheirLimits()
    {
        RecorderLimits limits;
        limits.maxSpans = 10;
        limits.maxSegments = 25;
        Loop loop(limits);
        for (int i = 0; i < 20; ++i)
            loop.spawn({"t", i}, []() -> QCoro::Task<void> {
                co_await sleep(1ms);
                co_await sleep(1ms);
            });
        loop.runToEnd();
        QCOMPARE(loop.recorder().spans().size(), std::size_t(10));
        QCOMPARE(loop.recorder().droppedSpans(), 10u);
        QCOMPARE(loop.recorder().segments().size(), std::size_t(25));
        QCOMPARE(loop.recorder().droppedSegments(), 15u);
    }

    void percentilesAreExact()
    {
        std::vector<std::int64_t> samples;
        for (int i = 100; i >= 1; --i)
            samples.push_back(std::int64_t(i) * 1'000'000); // 1..100 ms
        const LatencySummary s = summarizeLatency(samples, samples.size());
        QVERIFY(s.exact);
        QCOMPARE(s.max, 0.100);
        QVERIFY(std::abs(s.mean - 0.0505) < 1e-12);
        QVERIFY(std::abs(s.p50 - 0.0505) < 1e-12);  // between the 50th and 51st
        QVERIFY(std::abs(s.p99 - 0.09901) < 1e-12); // 99 + 0.01 of the way to 100
    }

    void latencyPastTheLimitKeepsAReservoir()
    {
        RecorderLimits limits;
        limits.maxLatencySamples = 1000;
        Recorder rec(limits);
        for (int i = 0; i < 100'000; ++i)
            rec.answered(Answer::Ok, Time{i}, std::chrono::microseconds(i));
        QCOMPARE(rec.latencySamples().size(), std::size_t(1000));
        QCOMPARE(rec.latencyCount(), 100'000u);
        const LatencySummary s = summarizeLatency(rec.latencySamples(), rec.latencyCount());
        QVERIFY(!s.exact);
        QVERIFY(std::abs(s.p50 - 0.050) < 0.01); // a uniform sample of 0..100 ms
    }

    void metricsSummariseTheRun()
    {
        Loop loop;
        busyWorkload(loop, 3);
        const Metrics m = summarize(loop);
        QCOMPARE(*m.get("makespan_s"), toSeconds(loop.now()));
        QCOMPARE(*m.get("events"), double(loop.events()));
        QCOMPARE(*m.get("peak_limit.in_use"), 8.0);
        QCOMPARE(*m.get("service.calls"), 300.0);
        QVERIFY(*m.get("latency_p99_s") >= *m.get("latency_p50_s"));
        const auto &samples = loop.recorder().latencySamples();
        QCOMPARE(*m.get("latency_max_s"), double(*std::max_element(samples.begin(), samples.end())) * 1e-9);
        // Latency is of the successful answers; every answer counts in the answer time.
        const Recorder &rec = loop.recorder();
        QCOMPARE(samples.size(), std::size_t(rec.answers(Answer::Ok)));
        QVERIFY(rec.answers(Answer::TimedOut) > 0);
        QCOMPARE(rec.answered(), std::uint64_t(300));
        QCOMPARE(rec.otherAnswerSamples().size(), std::size_t(rec.answers(Answer::TimedOut) + rec.answers(Answer::Failed)));
        QVERIFY(*m.get("answer_time_max_s") >= *m.get("latency_max_s"));
        QVERIFY(*m.get("answer_time_max_s") >= 0.3); // a timed-out call waited its 300 ms at least
        QVERIFY(!m.has("latency_sampled"));
        QVERIFY(!m.has("peak_answers.ok")); // the answers' running counts are no gauges to peak
        QCOMPARE(rec.findGauge("answers.ok")->last, double(rec.answers(Answer::Ok)));
    }

    void chromeTraceLoadsAndHasItsFields()
    {
        Loop loop;
        busyWorkload(loop, 5);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(chromeTrace(loop.recorder()), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray events = doc.object().value("traceEvents").toArray();
        QVERIFY(!events.isEmpty());
        QSet<QString> phases;
        QSet<QString> instants;
        int threadNames = 0;
        for (const auto &v : events) {
            const QJsonObject e = v.toObject();
            const QString ph = e.value("ph").toString();
            phases.insert(ph);
            QVERIFY(e.contains("pid"));
            QVERIFY(e.contains("name"));
            if (ph == "X") {
                QVERIFY(e.value("ts").isDouble());
                QVERIFY(e.value("dur").toDouble() >= 0);
                QVERIFY(e.contains("tid"));
            } else if (ph == "C") {
                QVERIFY(e.value("args").toObject().value("value").isDouble());
            } else if (ph == "M" && e.value("name").toString() == "thread_name") {
                ++threadNames;
            } else if (ph == "i") {
                QCOMPARE(e.value("s").toString(), QStringLiteral("g")); // across the whole trace
                instants.insert(e.value("name").toString());
            }
        }
        QCOMPARE(phases, (QSet<QString>{"M", "X", "C", "i"}));
        QCOMPARE(instants, (QSet<QString>{"limit: saturated", "service: first failure"}));
        QCOMPARE(threadNames, 301); // main + 300 requests
    }

    void csvHasOneRowPerGaugePoint()
    {
        Loop loop;
        busyWorkload(loop, 5);
        const QList<QByteArray> lines = seriesCsv(loop.recorder()).trimmed().split('\n');
        QCOMPARE(lines.first(), QByteArray("series,time_s,value"));
        std::size_t points = 0;
        for (const Gauge &g : loop.recorder().gauges())
            points += g.points.size();
        QCOMPARE(std::size_t(lines.size() - 1), points);
        for (qsizetype i = 1; i < lines.size(); ++i)
            QCOMPARE(lines[i].count(','), 2);
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
