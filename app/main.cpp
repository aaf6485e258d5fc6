// coroscope: for now the headless engine demo. It runs one workload against a simulated
// service with limited capacity twice, unbounded fan-out and a semaphore, and prints what the
// recorder measured as JSON. The desktop playground replaces this entry point.
#include "engine/export.h"
#include "engine/gather.h"
#include "engine/loop.h"
#include "engine/metrics.h"
#include "engine/semaphore.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <optional>

using namespace coro;

namespace {

struct DemoOptions {
    std::uint64_t seed = 1;
    int requests = 200;
    int limit = 8;
    QString tracePath;
    QString csvPath;
};

QCoro::Task<void> request(Service &service, Semaphore *limit, std::uint64_t item)
{
    const Time start = now();
    Permit permit;
    if (limit)
        permit = co_await limit->acquire();
    try {
        co_await timeout(std::chrono::seconds(2), service.call(item));
        currentTask().loop().recorder().add("completed");
    } catch (const TimeoutError &) {
        currentTask().loop().recorder().add("timed_out");
    } catch (const ServiceError &) {
        currentTask().loop().recorder().add("failed");
    }
    currentTask().loop().recorder().latency(now() - start);
}

QJsonObject runVariant(const DemoOptions &o, bool bounded, bool exportFiles, QString *error)
{
    Loop loop;
    KeyedRandom random(o.seed);
    ServiceConfig config;
    config.capacity = 8;
    config.latency = Distribution::logNormal(std::chrono::milliseconds(80), std::chrono::milliseconds(400));
    Service service(random, config);
    std::optional<Semaphore> limit;
    if (bounded)
        limit.emplace(o.limit, "limit");
    for (int i = 0; i < o.requests; ++i)
        loop.spawn({"request", i}, [&, i] { return request(service, limit ? &*limit : nullptr, std::uint64_t(i)); });
    loop.runToEnd();
    if (exportFiles) {
        if (!o.tracePath.isEmpty() && !writeFile(o.tracePath, chromeTrace(loop.recorder()), error))
            return {};
        if (!o.csvPath.isEmpty() && !writeFile(o.csvPath, seriesCsv(loop.recorder()), error))
            return {};
    }
    return QJsonObject{{"variant", bounded ? "semaphore" : "unbounded"},
                       {"role", bounded ? "good" : "bad"},
                       {"metrics", metricsToJson(summarize(loop))}};
}

[[noreturn]] void fail(const QString &message)
{
    QTextStream(stderr) << "coroscope: " << message << '\n';
    std::exit(2);
}

int positive(const QCommandLineParser &p, const QString &name, int max)
{
    bool ok = false;
    const int v = p.value(name).toInt(&ok);
    if (!ok || v < 1 || v > max)
        fail(QStringLiteral("--%1 must be a whole number from 1 to %2, got '%3'").arg(name).arg(max).arg(p.value(name)));
    return v;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Coroscope engine demo: N requests against a service that serves 8 at once, first as unbounded\n"
        "fan-out, then behind a semaphore, each with a 2 s timeout. Prints the measured metrics as JSON.\n"
        "Example: coroscope --requests 500 --limit 8 --seed 7 --trace run.json"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed (default 1)."), QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("requests"), QStringLiteral("Requests to send, 1-1000000 (default 200)."), QStringLiteral("N"), QStringLiteral("200")});
    parser.addOption({QStringLiteral("limit"), QStringLiteral("Semaphore permits, 1-10000 (default 8)."), QStringLiteral("N"), QStringLiteral("8")});
    parser.addOption({QStringLiteral("trace"), QStringLiteral("Write the semaphore run as Chrome trace JSON (Perfetto)."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("csv"), QStringLiteral("Write the semaphore run's series as CSV."), QStringLiteral("FILE")});
    if (!parser.parse(QCoreApplication::arguments()))
        fail(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        fail(QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first()));

    DemoOptions o;
    bool ok = false;
    o.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok)
        fail(QStringLiteral("--seed must be a non-negative whole number, got '%1'").arg(parser.value(QStringLiteral("seed"))));
    o.requests = positive(parser, QStringLiteral("requests"), 1'000'000);
    o.limit = positive(parser, QStringLiteral("limit"), 10'000);
    o.tracePath = parser.value(QStringLiteral("trace"));
    o.csvPath = parser.value(QStringLiteral("csv"));

    QString error;
    QJsonArray results;
    results.append(runVariant(o, false, false, &error));
    const QJsonObject good = runVariant(o, true, true, &error);
    if (!error.isEmpty())
        fail(error);
    results.append(good);
    const QJsonObject out{{"scenario", "engine-demo"},
                          {"seed", double(o.seed)},
                          {"parameters", QJsonObject{{"requests", o.requests}, {"limit", o.limit}}},
                          {"results", results}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
