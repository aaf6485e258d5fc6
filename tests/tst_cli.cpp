// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The command line through the real binary: listings, runs, exports, and every kind of bad
// input (exit status 2, one line naming the problem).
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
struct Result {
    int status = -1;
    QByteArray out;
    QByteArray err;
};

Result coroscope(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(COROSCOPE_BINARY), args);
    p.waitForFinished(60000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
}

QJsonObject json(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    // --lab NAME runs a shipped example; the JSON names each pipeline and its metrics.
    void labRunsAShippedExample()
    {
        const Result r = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--json"), QStringLiteral("--seed"), QStringLiteral("3")});
        QCOMPARE(r.status, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value("title").toString(), QStringLiteral("Hedging a heavy tail"));
        QCOMPARE(o.value("seed").toDouble(), 3.0);
        const QJsonArray results = o.value("results").toArray();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results[1].toObject().value("pipeline").toString(), QStringLiteral("hedge at p95"));
        const QJsonObject m = results[1].toObject().value("metrics").toObject();
        QVERIFY(m.value("hedged_calls").toDouble() > 0);
        QVERIFY(m.value("retry_amplification").toDouble() > 1);
        // --set changes the lab's world; the same seed gives the same numbers.
        const Result slower = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--json"), QStringLiteral("--seed"), QStringLiteral("3"),
                                         QStringLiteral("--set"), QStringLiteral("latency_ms=200")});
        QCOMPARE(slower.status, 0);
        QVERIFY(json(slower.out).value("results").toArray()[0].toObject().value("metrics").toObject().value("latency_p50_s").toDouble() >
                results[0].toObject().value("metrics").toObject().value("latency_p50_s").toDouble());
        const QJsonArray again = json(coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--json"), QStringLiteral("--seed"), QStringLiteral("3")}).out)
                                     .value("results").toArray();
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject a = results[i].toObject().value("metrics").toObject(), b = again[i].toObject().value("metrics").toObject();
            QCOMPARE(a, b);
        }
    }
    // --lab NAME --export-code DIR writes each pipeline as DIR/<variant>.py and .cpp, named by
    // the variant ids --lab --json gives, and prints their paths; --set reaches the code's world.
    void labExportsItsCode()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("code"));
        const Result r = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--export-code"), folder,
                                    QStringLiteral("--set"), QStringLiteral("latency_ms=123")});
        QCOMPARE(r.status, 0);
        const QStringList printed = QString::fromUtf8(r.out).trimmed().split(QLatin1Char('\n'));
        const QJsonArray results = json(coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--json")}).out)
                                       .value("results").toArray();
        QCOMPARE(printed.size(), 2 * results.size());
        for (const QJsonValue &result : results) {
            const QString variant = result.toObject().value("variant").toString();
            for (const char *ext : {".py", ".cpp"}) {
                const QString path = QDir(folder).filePath(variant + QLatin1String(ext));
                QVERIFY2(printed.contains(path), qPrintable(path));
                QFile f(path);
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(path));
                const QByteArray code = f.readAll();
                QVERIFY2(!code.contains(QByteArrayLiteral("#@")) && !code.contains(QByteArrayLiteral("//@")), "the Code tab's anchors are left out");
                QVERIFY(code.contains(QByteArrayLiteral("service")));
                if (QByteArray(ext) == ".py") {
                    QVERIFY(code.contains(QByteArrayLiteral("import asyncio")));
                    QVERIFY2(code.contains(QByteArrayLiteral("0.123")), "the --set world");
                }
            }
        }
        // A folder that is a file: status 2, one line, nothing written.
        QFile plain(dir.filePath(QStringLiteral("plain")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const Result bad = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--export-code"), plain.fileName()});
        QCOMPARE(bad.status, 2);
        QVERIFY2(bad.err.contains("it is not a folder"), bad.err.constData());
        QVERIFY(bad.out.isEmpty());
    }

    // A bad lab file: status 2 and one line that names the file and the JSON path.
    void badLabFileExitsWithItsPath()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"pipelines": [{"name": "x", "layers": [{"kind": "retyr"}]}]})");
        f.close();
        const Result r = coroscope({QStringLiteral("--lab"), path});
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY2(r.err.startsWith(("coroscope: " + path + ": pipelines[0].layers[0].kind: unknown \"retyr\"; allowed: timeout, retry").toUtf8()), r.err.constData());
        const Result missing = coroscope({QStringLiteral("--lab"), dir.filePath(QStringLiteral("none.json"))});
        QCOMPARE(missing.status, 2);
        QVERIFY2(missing.err.contains(("cannot read '" + dir.filePath(QStringLiteral("none.json")) + "': No such file or directory").toUtf8()),
                 missing.err.constData());
        const Result variant = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--variant"), QStringLiteral("x")});
        QCOMPARE(variant.status, 2);
        const Result both = coroscope({QStringLiteral("--lab"), QStringLiteral("hedging"), QStringLiteral("--run"), QStringLiteral("retry")});
        QCOMPARE(both.status, 2);
    }
    void listJsonDescribesEveryScenario()
    {
        const Result r = coroscope({"--list", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonArray scenarios = json(r.out).value("scenarios").toArray();
        QVERIFY(scenarios.size() >= 2);
        for (const auto &v : scenarios) {
            const QJsonObject s = v.toObject();
            for (const char *key : {"id", "practice", "title", "summary", "variants", "parameters", "metrics", "signals", "bands"})
                QVERIFY2(s.contains(key), key);
            int headlines = 0;
            for (const auto &metric : s.value("metrics").toArray()) {
                const QJsonObject m = metric.toObject();
                for (const char *key : {"id", "label", "unit", "better", "headline"})
                    QVERIFY2(m.contains(key), key);
                QVERIFY(m.value("better").isNull() || QStringList({"lower", "higher"}).contains(m.value("better").toString()));
                headlines += m.value("headline").toBool();
            }
            QVERIFY2(headlines > 0, qPrintable(s.value("id").toString()));
            QVERIFY(!s.value("signals").toArray().isEmpty());
            for (const auto &variant : s.value("variants").toArray())
                QVERIFY(QStringList({"bad", "good", "neutral"}).contains(variant.toObject().value("role").toString()));
            for (const auto &param : s.value("parameters").toArray()) {
                const QJsonObject p = param.toObject();
                QVERIFY(p.contains("id") && p.contains("label") && p.contains("default"));
                QVERIFY(p.contains("choices") || (p.contains("min") && p.contains("max") && p.contains("step") && p.contains("unit")));
            }
        }
    }

    void listIsReadable()
    {
        const Result r = coroscope({"--list"});
        QCOMPARE(r.status, 0);
        QVERIFY(r.out.contains("semaphore"));
        QVERIFY(r.out.contains("--set limit="));
    }

    void runJsonFollowsTheContract()
    {
        const Result r = coroscope({"--run", "semaphore", "--json", "--set", "requests=50", "--seed", "3"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value("scenario").toString(), QStringLiteral("semaphore"));
        QCOMPARE(o.value("seed").toDouble(), 3.0);
        QCOMPARE(o.value("parameters").toObject().value("requests").toDouble(), 50.0);
        const QJsonArray results = o.value("results").toArray();
        QCOMPARE(results.size(), 2);
        for (const auto &v : results) {
            const QJsonObject metrics = v.toObject().value("metrics").toObject();
            for (const char *key : {"makespan_s", "completed", "service_calls", "peak_in_flight", "latency_p99_s", "events"})
                QVERIFY2(metrics.contains(key), key);
            QVERIFY(!metrics.contains("wall_s")); // the wall clock would make two runs differ
            QCOMPARE(v.toObject().value("truncated"), QJsonValue(false));
        }
        QCOMPARE(o.value("truncated"), QJsonValue(false));
        QVERIFY(r.err.isEmpty());
    }

    // A run that would compute for minutes (a billion events for the task group) stops at its
    // event budget; the JSON and a line on stderr say so, and the status is still 0.
    void aHugeRunStopsAtItsBudgetAndSaysSo()
    {
        const QStringList huge{"--run", "task-lifecycle", "--set", "workers=10000", "--set", "steps=100000",
                               "--set", "step_ms=1", "--set", "shutdown_s=3600", "--json"};
        const Result r = coroscope(huge + QStringList{"--max-events", "300000"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value("truncated"), QJsonValue(true));
        const QJsonObject group = o.value("results").toArray().last().toObject();
        QCOMPARE(group.value("variant").toString(), QStringLiteral("task-group"));
        QCOMPARE(group.value("truncated"), QJsonValue(true));
        // Each exception raised counts as 20 events: throwing one costs that much.
        QVERIFY2(QRegularExpression(R"(^stopped at its budget of 100,000 events \(the run's 300,000 shared by 3 variants\), each of its [0-9,]+ exceptions counting as 20, at )")
                     .match(group.value("truncation").toString())
                     .hasMatch(),
                 qPrintable(group.value("truncation").toString()));
        QVERIFY(group.value("metrics").toObject().value("events").toDouble() < 110000);
        // One line on stderr for each run cut short, the JSON's reason in it.
        const QStringList lines = QString::fromUtf8(r.err).split('\n', Qt::SkipEmptyParts);
        int truncated = 0;
        for (const auto &v : o.value("results").toArray()) {
            const QJsonObject result = v.toObject();
            if (!result.value("truncated").toBool())
                continue;
            const QString line = QStringLiteral("coroscope: %1: %2").arg(result.value("variant").toString(), result.value("truncation").toString());
            QVERIFY2(lines.value(truncated).startsWith(line) && lines.value(truncated).contains("--max-events"), qPrintable(lines.value(truncated)));
            ++truncated;
        }
        QCOMPARE(int(lines.size()), truncated);
        // The sweep keeps the budget too.
        const Result sweep = coroscope({"--run", "task-lifecycle", "--set", "steps=100000", "--set", "step_ms=1",
                                        "--set", "shutdown_s=3600", "--sweep", "workers=5000:10000:2", "--json",
                                        "--variant", "task-group", "--max-events", "300000"});
        QCOMPARE(sweep.status, 0);
        for (const auto &point : json(sweep.out).value("sweep").toObject().value("points").toArray())
            QCOMPARE(point.toObject().value("results").toArray().first().toObject().value("truncated"), QJsonValue(true));
    }

    // Ctrl+C stops a long run promptly: exit status 130, one line, no partial output.
    void ctrlCStopsARunPromptly()
    {
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_BINARY), {"--run", "task-lifecycle", "--variant", "task-group", "--set", "workers=10000",
                                                   "--set", "steps=100000", "--set", "step_ms=1", "--set", "shutdown_s=3600",
                                                   "--max-events", "0", "--json"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(500); // well into the run (minutes of it, without the interrupt)
        QElapsedTimer wall;
        wall.start();
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QVERIFY2(wall.elapsed() < 2000, qPrintable(QString::number(wall.elapsed())));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(p.readAllStandardOutput().isEmpty());
        QCOMPARE(p.readAllStandardError(), QByteArray("coroscope: interrupted\n"));
    }

    // A sweep runs every variant at each value, on worker threads, and still gives the same
    // numbers as one run at that value: the threads change nothing.
    void sweepFollowsTheContractAndMatchesSingleRuns()
    {
        const Result r = coroscope({"--run", "semaphore", "--sweep", "limit=2:20:4", "--set", "requests=120", "--json"});
        QCOMPARE(r.status, 0);
        const QJsonObject o = json(r.out);
        QCOMPARE(o.value("scenario").toString(), QStringLiteral("semaphore"));
        const QJsonObject sweep = o.value("sweep").toObject();
        QCOMPARE(sweep.value("parameter").toString(), QStringLiteral("limit"));
        const QJsonArray points = sweep.value("points").toArray();
        QCOMPARE(points.size(), 4);
        QCOMPARE(points[0].toObject().value("value").toDouble(), 2.0);
        QCOMPARE(points[1].toObject().value("value").toDouble(), 8.0);
        QCOMPARE(points[3].toObject().value("value").toDouble(), 20.0);
        for (const auto &p : points) {
            const QJsonArray results = p.toObject().value("results").toArray();
            QCOMPARE(results.size(), 2);
            QCOMPARE(results[1].toObject().value("role").toString(), QStringLiteral("good"));
        }
        // The point at limit=8 is the run at limit=8.
        const QJsonObject single = json(coroscope({"--run", "semaphore", "--set", "limit=8", "--set", "requests=120", "--json"}).out);
        for (int v = 0; v < 2; ++v) {
            QJsonObject a = points[1].toObject().value("results").toArray()[v].toObject().value("metrics").toObject();
            const QJsonObject b = single.value("results").toArray()[v].toObject().value("metrics").toObject();
            QCOMPARE(a, b);
        }
        // The table names each headline metric and every value.
        const Result table = coroscope({"--run", "semaphore", "--sweep", "limit=2:20:4", "--set", "requests=120"});
        QCOMPARE(table.status, 0);
        for (const char *text : {"completed", "timed out", "unbounded", "semaphore", "20"})
            QVERIFY2(table.out.contains(text), text);
    }

    // Byte for byte: nothing read from the wall clock reaches the output.
    void sameSeedSameOutput()
    {
        for (const QStringList &args : {QStringList{"--run", "rate-limit", "--json", "--seed", "9"},
                                        QStringList{"--run", "retry", "--seed", "9"},
                                        QStringList{"--lab", "hedging", "--json"}}) {
            const Result a = coroscope(args), b = coroscope(args);
            QCOMPARE(a.status, 0);
            QCOMPARE(a.out, b.out);
        }
    }

    void variantSelectsOneAndTraceAndCsvAreWritten()
    {
        QTemporaryDir dir;
        const QString trace = dir.filePath("run.json");
        const QString csv = dir.filePath("series");
        const Result r = coroscope({"--run", "rate-limit", "--variant", "token-bucket", "--json", "--trace", trace, "--csv", csv});
        QCOMPARE(r.status, 0);
        QCOMPARE(json(r.out).value("results").toArray().size(), 1);
        QFile traceFile(trace);
        QVERIFY(traceFile.open(QIODevice::ReadOnly));
        QVERIFY(!json(traceFile.readAll()).value("traceEvents").toArray().isEmpty());
        QFile csvFile(csv + "/token-bucket.csv");
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        QVERIFY(csvFile.readAll().startsWith("series,time_s,value\n"));
    }

    void badInputExitsWithStatusTwoAndSaysWhy_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown scenario") << QStringList{"--run", "nope"} << "unknown scenario 'nope'; allowed: async-all-the-way, gather,";
        QTest::newRow("unknown variant") << QStringList{"--run", "semaphore", "--variant", "x"} << "unknown variant 'x' for semaphore; allowed: unbounded, semaphore";
        QTest::newRow("unknown parameter") << QStringList{"--run", "semaphore", "--set", "foo=1"} << "unknown parameter 'foo'";
        QTest::newRow("out of range") << QStringList{"--run", "semaphore", "--set", "limit=100000"} << "out of range";
        QTest::newRow("not a number") << QStringList{"--run", "semaphore", "--set", "limit=many"} << "needs a whole number from 1 to 1000";
        QTest::newRow("malformed set") << QStringList{"--run", "semaphore", "--set", "limit"} << "expects KEY=VALUE";
        QTest::newRow("bad choice") << QStringList{"--run", "semaphore", "--set", "arrival=x"} << "one of: burst, poisson";
        QTest::newRow("bad seed") << QStringList{"--run", "semaphore", "--seed", "-1"} << "--seed needs a whole number";
        QTest::newRow("unwritable trace") << QStringList{"--run", "semaphore", "--trace", "/nonexistent/dir/run.json"} << "cannot write '/nonexistent/dir/run.json'";
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << "Unknown option 'frobnicate'";
        QTest::newRow("stray argument") << QStringList{"semaphore"} << "unexpected argument 'semaphore'";
        QTest::newRow("missing value") << QStringList{"--run"} << "Missing value after '--run'";
        QTest::newRow("list and run") << QStringList{"--list", "--run", "semaphore"} << "cannot be combined";
        QTest::newRow("window without a lab") << QStringList{"--window"} << "--window needs --lab FILE|NAME";
        QTest::newRow("window and json") << QStringList{"--lab", "hedging", "--window", "--json"} << "--window and --json cannot be combined";
        QTest::newRow("export code without a lab") << QStringList{"--run", "semaphore", "--export-code", "x"} << "--export-code needs --lab FILE|NAME";
        QTest::newRow("export code and json") << QStringList{"--lab", "hedging", "--export-code", "x", "--json"} << "cannot be combined with --json";
        QTest::newRow("export code unwritable") << QStringList{"--lab", "hedging", "--export-code", "/proc/coroscope-code"} << "cannot make the folder '/proc/coroscope-code'";
        QTest::newRow("sweep unknown parameter") << QStringList{"--run", "semaphore", "--sweep", "foo=1:2:3"} << "unknown parameter 'foo' for semaphore; numeric ones: requests, limit";
        QTest::newRow("sweep a choice") << QStringList{"--run", "semaphore", "--sweep", "arrival=1:2:3"} << "'arrival' is a choice (burst, poisson), not a range";
        QTest::newRow("sweep out of range") << QStringList{"--run", "semaphore", "--sweep", "limit=0:5000:3"} << "both must lie in 1..1000";
        QTest::newRow("sweep one point") << QStringList{"--run", "semaphore", "--sweep", "limit=1:10:1"} << "N must be a whole number from 2 to 200";
        QTest::newRow("sweep malformed") << QStringList{"--run", "semaphore", "--sweep", "limit=1:10"} << "wants FROM:TO:N";
        QTest::newRow("sweep no key") << QStringList{"--run", "semaphore", "--sweep", "1:10:3"} << "--sweep wants KEY=FROM:TO:N";
        QTest::newRow("sweep and trace") << QStringList{"--run", "semaphore", "--sweep", "limit=1:10:3", "--trace", "t.json"} << "not --trace or --csv";
        QTest::newRow("sweep metric") << QStringList{"--run", "semaphore", "--sweep", "limit=1:10:3", "--metric", "nope"} << "--metric: 'nope' is not one of semaphore's other metrics";
        QTest::newRow("metric without sweep") << QStringList{"--run", "semaphore", "--metric", "makespan_s"} << "--metric only applies to --sweep";
        QTest::newRow("sweep without run") << QStringList{"--sweep", "limit=1:10:3"} << "--sweep needs --run ID, or --screenshot FILE with --scenario ID";
        QTest::newRow("bad budget") << QStringList{"--run", "semaphore", "--max-events", "lots"} << "--max-events needs a whole number of events from 0 (no budget)";
        QTest::newRow("negative budget") << QStringList{"--run", "semaphore", "--max-events", "-5"} << "--max-events needs a whole number";
        QTest::newRow("bad budget for the window") << QStringList{"--screenshot", "x.png", "--max-events", "1e3"} << "--max-events needs a whole number";
    }
    void badInputExitsWithStatusTwoAndSaysWhy()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = coroscope(args);
        QCOMPARE(r.status, 2);
        QVERIFY(r.out.isEmpty());
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1Char('\n')), "one line");
    }

    void helpDocumentsEveryOptionWithExamples()
    {
        const Result r = coroscope({"--help"});
        QCOMPARE(r.status, 0);
        QVERIFY2(r.out.startsWith("Usage: coroscope [options]"), r.out.left(40).constData());
        for (const char *option : {"--list", "--json", "--run", "--variant", "--set", "--seed", "--trace", "--csv", "Examples"})
            QVERIFY2(r.out.contains(option), option);
    }

    void versionIsTheProjectVersion()
    {
        const Result r = coroscope({"--version"});
        QCOMPARE(r.status, 0);
        QCOMPARE(r.out, QByteArray("coroscope " PROJECT_VERSION "\n"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
