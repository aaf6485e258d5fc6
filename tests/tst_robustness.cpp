// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Nothing lost, nothing unbounded, through the real binary: a full disk, an interrupted run and
// a failed write leave the old file as it was; what is not a regular file, or is too large, is
// refused at once; the slider maxima and a lab made to explode stay inside the memory budget
// (under a hard cap on the address space, as `ulimit -v` sets it); signals stop any run within
// a second; unclear input gets a clear refusal. Each case is one row or one function.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

namespace {

struct Limits {
    rlim_t fileBytes = RLIM_INFINITY;   ///< RLIMIT_FSIZE: a write past it fails with EFBIG
    rlim_t addressSpace = RLIM_INFINITY; ///< RLIMIT_AS, as `ulimit -v` sets it
};

struct Result {
    int status = -1;
    QByteArray out;
    QByteArray err;
    qint64 ms = 0;
};

void startCoroscope(QProcess &p, const QStringList &args, Limits limits = {})
{
    p.setChildProcessModifier([limits] {
        if (limits.fileBytes != RLIM_INFINITY) {
            std::signal(SIGXFSZ, SIG_IGN); // the write fails with EFBIG instead of killing the process
            const rlimit fsize{limits.fileBytes, limits.fileBytes};
            setrlimit(RLIMIT_FSIZE, &fsize);
        }
        if (limits.addressSpace != RLIM_INFINITY) {
            const rlimit as{limits.addressSpace, limits.addressSpace};
            setrlimit(RLIMIT_AS, &as);
        }
    });
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(COROSCOPE_BINARY), args);
    QVERIFY(p.waitForStarted());
}

Result coroscope(const QStringList &args, Limits limits = {}, int timeoutMs = 120000)
{
    QProcess p;
    QElapsedTimer wall;
    wall.start();
    startCoroscope(p, args, limits);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, p.readAllStandardOutput(), p.readAllStandardError(), wall.elapsed()};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError(),
            wall.elapsed()};
}

/// Sends the signal to a process and says how long it took to end (-1: not within 5 s).
qint64 msToStop(QProcess &p, int signal)
{
    QElapsedTimer stopping;
    stopping.start();
    ::kill(pid_t(p.processId()), signal);
    return p.waitForFinished(5000) ? stopping.elapsed() : -1;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

/// Only the files named: no temporary file left behind.
QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
}

constexpr rlim_t kGiB = rlim_t(1) << 30;
// The memory budget is 2 GB of tasks and records; the process around it (Qt, the loaded
// libraries, the allocator's arenas) takes address space of its own.
constexpr rlim_t kAddressSpaceCap = 3 * kGiB;

const QByteArray kOld = "{\"the old file\": true}\n";

// A lab whose requests fan out into 11^4 attempts each, all at once.
const QByteArray kNestedHedges = R"({"title": "nested hedges", "load": {"requests": 1000, "arrival": "burst"},
 "pipelines": [{"name": "deep", "layers": [
   {"kind": "hedge", "delay_ms": 0, "max_hedges": 10}, {"kind": "hedge", "delay_ms": 0, "max_hedges": 10},
   {"kind": "hedge", "delay_ms": 0, "max_hedges": 10}, {"kind": "hedge", "delay_ms": 0, "max_hedges": 10}]}]})";

QJsonObject json(const QByteArray &bytes)
{
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

class TestRobustness : public QObject {
    Q_OBJECT
private slots:
    // /dev/full cannot be replaced, so it is written in place: every write and the close are
    // checked, and the OS's reason is the message (a small trace once exited 0, cut at 4 kB).
    void aFullDeviceIsAFailedWrite_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("small trace") << QStringList{"--run", "semaphore", "--set", "requests=20", "--trace", "/dev/full"};
        QTest::newRow("large trace") << QStringList{"--run", "semaphore", "--set", "requests=5000", "--trace", "/dev/full"};
        QTest::newRow("lab trace") << QStringList{"--lab", "hedging", "--trace", "/dev/full"};
    }
    void aFullDeviceIsAFailedWrite()
    {
        QFETCH(QStringList, args);
        const Result r = coroscope(args);
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, QByteArray("coroscope: cannot write '/dev/full': No space left on device\n"));
    }

    // A file that cannot be finished (the file size limit stands for a full disk here) fails
    // with the OS's reason, leaves the old file as it was and no temporary file beside it.
    void aFailedWriteKeepsTheOldFile_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("target");
        QTest::newRow("small trace") << QStringList{"--run", "semaphore", "--set", "requests=200", "--trace", "run.json"} << "run.json";
        QTest::newRow("large trace") << QStringList{"--run", "semaphore", "--set", "requests=20000", "--trace", "run.json"} << "run.json";
        QTest::newRow("csv") << QStringList{"--run", "semaphore", "--set", "requests=20000", "--csv", "."} << "unbounded.csv";
        QTest::newRow("screenshot") << QStringList{"--screenshot", "shot.png", "--scenario", "semaphore"} << "shot.png";
        QTest::newRow("svg") << QStringList{"--screenshot", "shot.svg", "--scenario", "semaphore"} << "shot.svg";
    }
    void aFailedWriteKeepsTheOldFile()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, target);
        QTemporaryDir dir;
        for (QString &a : args)
            if (a == target || a == QStringLiteral("."))
                a = dir.filePath(a == QStringLiteral(".") ? QString() : a);
        writeAll(dir.filePath(target), kOld);
        const QStringList before = filesIn(dir.path());
        const Result r = coroscope(args, {.fileBytes = 4096});
        QCOMPARE(r.status, 2);
        const QByteArray said = r.err.trimmed().split('\n').last(); // a screenshot's Qt may warn before it
        QVERIFY2(said.startsWith("coroscope: cannot write '" + dir.path().toUtf8()) && said.endsWith(": File too large"), r.err.constData());
        QCOMPARE(readAll(dir.filePath(target)), kOld);
        QCOMPARE(filesIn(dir.path()), before);
        // And without the limit the same command replaces it whole.
        QCOMPARE(coroscope(args).status, 0);
        QVERIFY(readAll(dir.filePath(target)) != kOld);
        QCOMPARE(filesIn(dir.path()).size(), before.size() + (target.endsWith(QStringLiteral(".csv")) ? 1 : 0));
    }

    // A real full disk: a 256 kB tmpfs, when this machine lets us mount one (root, as CI is).
    void aFullFileSystemKeepsTheOldFile()
    {
        QTemporaryDir dir;
        if (::mount("tmpfs", QFile::encodeName(dir.path()).constData(), "tmpfs", 0, "size=256k") != 0)
            QSKIP("cannot mount a tmpfs here (not root, or no permission)");
        struct Unmount {
            QByteArray path;
            ~Unmount() { ::umount(path.constData()); }
        } unmount{QFile::encodeName(dir.path())};
        const QString trace = dir.filePath(QStringLiteral("run.json"));
        writeAll(trace, kOld);
        const Result r = coroscope({"--run", "semaphore", "--set", "requests=20000", "--trace", trace, "--csv", dir.path()});
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, "coroscope: cannot write '" + trace.toUtf8() + "': No space left on device\n");
        QCOMPARE(readAll(trace), kOld);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("run.json")});
    }

    // Ctrl+C or SIGTERM in the middle of a run that writes a trace: the old trace stays as it
    // was (it was once truncated before the run began), and the process is gone within a
    // second, with 128 + the signal.
    void anInterruptedRunKeepsTheOldFile_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGINT") << int(SIGINT);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }
    void anInterruptedRunKeepsTheOldFile()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("keep.json"));
        writeAll(trace, kOld);
        QProcess p;
        startCoroscope(p, {"--run", "semaphore", "--set", "requests=1000000", "--trace", trace, "--csv", dir.filePath("csv")});
        QVERIFY(!p.waitForFinished(1500)); // still running: the run takes seconds
        const qint64 ms = msToStop(p, signal);
        QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QString::number(ms)));
        QCOMPARE(p.exitCode(), 128 + signal);
        QCOMPARE(readAll(trace), kOld);
        QCOMPARE(filesIn(dir.path()), QStringList{QStringLiteral("keep.json")});
        QVERIFY(filesIn(dir.filePath("csv")).isEmpty());
    }

    // The same for the lab that explodes: stopped within a second, whatever it holds.
    void aSignalStopsTheNestedHedgesWithinASecond()
    {
        QTemporaryDir dir;
        writeAll(dir.filePath("hedges.json"), kNestedHedges);
        QProcess p;
        startCoroscope(p, {"--lab", dir.filePath("hedges.json"), "--json"});
        QVERIFY(!p.waitForFinished(3000));
        const qint64 ms = msToStop(p, SIGTERM);
        QVERIFY2(ms >= 0 && ms < 1000, qPrintable(QString::number(ms)));
        QCOMPARE(p.exitCode(), 128 + SIGTERM);
    }

    // Input files: only a regular file, at most 16 MB, never a wait for a writer that does not
    // come (each once read for ever, or blocked for ever).
    void whatIsNotARegularFileIsRefusedAtOnce_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        QTest::newRow("/dev/zero") << "/dev/zero" << "not a regular file (a device)";
        QTest::newRow("FIFO") << "FIFO" << "not a regular file (a FIFO)";
        QTest::newRow("folder") << "DIR" << "not a regular file (a folder)";
        QTest::newRow("17 MB") << "BIG" << "it is 17 MB, more than the 16 MB allowed";
        QTest::newRow("missing") << "MISSING" << "No such file or directory";
    }
    void whatIsNotARegularFileIsRefusedAtOnce()
    {
        QFETCH(QString, path);
        QFETCH(QString, says);
        QTemporaryDir dir;
        if (path == QStringLiteral("FIFO")) {
            path = dir.filePath("fifo");
            QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0600), 0);
        } else if (path == QStringLiteral("DIR")) {
            path = dir.path();
        } else if (path == QStringLiteral("BIG")) {
            path = dir.filePath("big.json");
            writeAll(path, QByteArray(17 << 20, ' '));
        } else if (path == QStringLiteral("MISSING")) {
            path = dir.filePath("none.json");
        }
        const Result r = coroscope({"--lab", path}, {}, 10000);
        QCOMPARE(r.status, 2);
        QCOMPARE(r.err, ("coroscope: cannot read '" + path + "': " + says + "\n").toUtf8());
        QVERIFY2(r.ms < 5000, qPrintable(QString::number(r.ms)));
    }

    // Every practice with every slider at its maximum, with --trace and --csv: the process
    // stays under the cap (it once reached 12.4 GB and died), within the time the event
    // budget allows, and a run cut short says so.
    void sliderMaximaStayInsideTheBudget_data()
    {
        QTest::addColumn<QStringList>("sets");
        const QJsonArray all = json(coroscope({"--list", "--json"}).out).value("scenarios").toArray();
        for (const auto &v : all) {
            const QJsonObject s = v.toObject();
            QStringList sets{"--run", s.value("id").toString()};
            for (const auto &p : s.value("parameters").toArray())
                if (p.toObject().contains("max"))
                    sets << "--set" << p.toObject().value("id").toString() + "=" + QString::number(p.toObject().value("max").toDouble(), 'g', 17);
            QTest::newRow(qPrintable(s.value("id").toString())) << sets;
        }
    }
    void sliderMaximaStayInsideTheBudget()
    {
        QFETCH(QStringList, sets);
        QTemporaryDir dir;
        const Result r = coroscope(sets + QStringList{"--json", "--trace", dir.filePath("run.json"), "--csv", dir.filePath("csv")},
                                   {.addressSpace = kAddressSpaceCap});
        QVERIFY2(r.status == 0, r.err.constData());
        const QJsonObject report = json(r.out);
        QVERIFY(!report.isEmpty());
        for (const auto &v : report.value("results").toArray())
            if (v.toObject().value("truncated").toBool())
                QVERIFY(r.err.contains(v.toObject().value("variant").toString().toUtf8() + ": stopped at"));
        if (sets[1] == QStringLiteral("retry")) { // made of failures: its exceptions count (it took 44 s when they did not)
            const QString immediate = report.value("results").toArray().at(1).toObject().value("truncation").toString();
            QVERIFY2(immediate.contains(QStringLiteral(" exceptions counting as 20, at ")), qPrintable(immediate));
        }
        QVERIFY(QJsonDocument::fromJson(readAll(dir.filePath("run.json"))).isObject()); // whole, valid JSON
        QVERIFY2(r.ms < 60000, qPrintable(QString::number(r.ms)));
    }

    // The same maxima in the window (its picture: the run it shows, every recorder kept for the
    // charts and the timelines) stay under the cap too: 1.1 GB at most, for semaphore.
    void sliderMaximaInTheWindowStayInsideTheBudget_data() { sliderMaximaStayInsideTheBudget_data(); }
    void sliderMaximaInTheWindowStayInsideTheBudget()
    {
        QFETCH(QStringList, sets);
        QTemporaryDir dir;
        sets[0] = QStringLiteral("--scenario"); // --run ID becomes --scenario ID
        const Result r = coroscope(QStringList{"--screenshot", dir.filePath("max.png")} + sets, {.addressSpace = kAddressSpaceCap});
        QVERIFY2(r.status == 0, r.err.constData());
        QVERIFY(readAll(dir.filePath("max.png")).startsWith("\x89PNG"));
        QVERIFY2(!r.err.contains("propagateSizeHints"), r.err.constData()); // the offscreen plugin's chatter is not the user's
        QVERIFY2(r.ms < 60000, qPrintable(QString::number(r.ms)));
    }

    // The lab that fans out into millions of attempts stops at a budget, says so, and stays
    // under the cap (it once grew by 300 MB a second, to 11 GB); without the event budget, the
    // memory budget stops it.
    void nestedHedgesStopAtTheMemoryBudget()
    {
        QTemporaryDir dir;
        writeAll(dir.filePath("hedges.json"), kNestedHedges);
        for (const QStringList &budgets : {QStringList{}, QStringList{"--max-events", "0"}}) {
            const Result r = coroscope(QStringList{"--lab", dir.filePath("hedges.json"), "--json"} + budgets, {.addressSpace = kAddressSpaceCap});
            QVERIFY2(r.status == 0, r.err.constData());
            const QJsonObject result = json(r.out).value("results").toArray().at(0).toObject();
            QCOMPARE(result.value("truncated").toBool(), true);
            QVERIFY2(result.value("truncation").toString().startsWith(budgets.isEmpty() ? "stopped at its budget of 40,000,000 events"
                                                                                       : "stopped at the run's memory budget of 2,048 MB, with "),
                     qPrintable(result.value("truncation").toString()));
            QVERIFY2(r.ms < 60000, qPrintable(QString::number(r.ms)));
        }
        // A smaller budget stops it sooner, with what the option says.
        const Result small = coroscope({"--lab", dir.filePath("hedges.json"), "--json", "--max-memory", "100"});
        QCOMPARE(small.status, 0);
        QVERIFY(json(small.out).value("results").toArray().at(0).toObject().value("truncation").toString().startsWith(
            "stopped at the run's memory budget of 100 MB, with 52,429 tasks alive"));
    }

    // A sweep's runs share the budget among its workers: 470 MB here (it once peaked at 2.8 GB).
    void aSweepOfHugeRunsStaysUnderTheCap()
    {
        const Result r = coroscope({"--run", "semaphore", "--sweep", "requests=500000:1000000:3", "--json"},
                                   {.addressSpace = 3 * kGiB / 2});
        QVERIFY2(r.status == 0, r.err.constData());
        const QJsonArray points = json(r.out).value("sweep").toObject().value("points").toArray();
        QCOMPARE(points.size(), 3);
        // Its share, said as a share.
        const QString cut = points.last().toObject().value("results").toArray().first().toObject().value("truncation").toString();
        QVERIFY2(cut.startsWith("stopped at its memory budget of 512 MB (the sweep's 2,048 MB shared by 4 workers), with "), qPrintable(cut));
    }

    // Each unclear input of the robustness pass gets one clear line and status 2.
    void unclearInputIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("fraction of a count") << QStringList{"--run", "semaphore", "--set", "requests=1.5"}
                                             << "parameter 'requests' needs a whole number from 1 to 1000000; got '1.5'";
        QTest::newRow("fraction of a limit") << QStringList{"--run", "semaphore", "--set", "limit=2.7"}
                                             << "parameter 'limit' needs a whole number from 1 to 1000; got '2.7'";
        QTest::newRow("sweep off the steps") << QStringList{"--run", "semaphore", "--sweep", "limit=1.5:3.5:3"}
                                             << "--sweep limit: 1.5 is not one of its values, which go from 1 in steps of 1 (a whole number)";
        QTest::newRow("sweep of too many points") << QStringList{"--run", "semaphore", "--sweep", "limit=1:3:5"}
                                                  << "--sweep limit: 5 points from 1 to 3 do not all land on its steps of 1; there are 3 values between them: ask for at most that many";
        QTest::newRow("impossible tail") << QStringList{"--run", "timeouts", "--set", "latency_ms=100", "--set", "latency_p99_ms=2000"}
                                         << "latency_p99_ms: 2000 ms is more than a log-normal latency with a mean of 100 ms can have at its p99; the largest allowed is 1496 ms (14.97 times the mean)";
        QTest::newRow("impossible tail in a lab") << QStringList{"--lab", "hedging", "--set", "latency_p99_ms=100000"}
                                                  << "the largest allowed is";
        QTest::newRow("hexadecimal") << QStringList{"--run", "semaphore", "--set", "limit=0x10"} << "got '0x10'";
        QTest::newRow("leading space") << QStringList{"--run", "semaphore", "--set", "limit= 5"} << "got ' 5'";
        QTest::newRow("trailing space") << QStringList{"--run", "semaphore", "--set", "limit=5 "} << "got '5 '";
        QTest::newRow("empty trace") << QStringList{"--run", "semaphore", "--trace", ""} << "--trace needs a file or folder name; got an empty one";
        QTest::newRow("seed with a sign") << QStringList{"--run", "semaphore", "--seed", "+5"} << "--seed needs a whole number";
        QTest::newRow("memory budget") << QStringList{"--run", "semaphore", "--max-memory", "lots"} << "--max-memory needs a whole number of MB";
    }
    // What is clear is taken: a tiny number is a number (1e-320 was "needs a number").
    void aTinyNumberIsANumber()
    {
        const Result r = coroscope({"--run", "retry", "--set", "failure_rate=1e-320", "--json"});
        QVERIFY2(r.status == 0, r.err.constData());
        QCOMPARE(json(r.out).value("parameters").toObject().value("failure_rate").toDouble(), 1e-320);
    }
    void unclearInputIsRefused()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        const Result r = coroscope(args);
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.startsWith("coroscope: ") && r.err.contains(says.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }

    // A lab file's unclear cases, through the binary: the type wanted, a key given twice, names
    // as written, control characters escaped in the table.
    void unclearLabFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("lab");
        QTest::addColumn<QString>("says");
        QTest::newRow("role a number") << QByteArray(R"({"pipelines": [{"role": 5, "layers": []}]})")
                                       << "pipelines[0].role: must be a string (bad, good or neutral); got a number";
        QTest::newRow("headline a number") << QByteArray(R"({"headlines": [5], "pipelines": [{"layers": []}]})")
                                           << "headlines[0]: must be a metric name (a string); got a number";
        QTest::newRow("a key twice") << QByteArray(R"({"load": {"requests": 5, "requests": 6}, "pipelines": [{"layers": []}]})")
                                     << "load: \"requests\" is given twice; a key may appear once in an object";
    }
    void unclearLabFilesAreRefused()
    {
        QFETCH(QByteArray, lab);
        QFETCH(QString, says);
        QTemporaryDir dir;
        writeAll(dir.filePath("lab.json"), lab);
        const Result r = coroscope({"--lab", dir.filePath("lab.json")});
        QCOMPARE(r.status, 2);
        QVERIFY2(r.err.startsWith(("coroscope: " + dir.filePath("lab.json") + ": " + says).toUtf8()), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
    }
    void namesAndTitlesAsWritten()
    {
        QTemporaryDir dir;
        writeAll(dir.filePath("lab.json"), "{\"title\": \"A\\u001b[31mred\\u0000title\", \"load\": {\"requests\": 10}, "
                                           "\"pipelines\": [{\"name\": \"😀\", \"layers\": []}, {\"name\": \"ÄÖÜ\", \"layers\": []}]}");
        const Result table = coroscope({"--lab", dir.filePath("lab.json")});
        QCOMPARE(table.status, 0);
        QVERIFY2(table.out.startsWith("A\\u001b[31mred\\u0000title (lab)\n"), table.out.constData());
        QVERIFY(!table.out.contains('\x1b'));
        QVERIFY(table.out.contains("😀") && table.out.contains("äöü"));
    }

    // The same seed gives the same bytes: no wall-clock figure in the output (wall_s was).
    void theOutputIsTheSameByteForByte()
    {
        const QStringList args{"--run", "circuit-breaker", "--json"};
        const Result a = coroscope(args), b = coroscope(args);
        QCOMPARE(a.status, 0);
        QCOMPARE(a.out, b.out);
        QVERIFY(!a.out.contains("wall_s"));
    }
};

QTEST_GUILESS_MAIN(TestRobustness)
#include "tst_robustness.moc"
