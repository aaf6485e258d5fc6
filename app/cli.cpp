// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "cli.h"

#include "engine/export.h"
#include "engine/input_file.h"
#include "engine/output_file.h"
#include "engine/recorder.h"
#include "gui/format.h"
#include "scenarios/lab.h"
#include "scenarios/runner.h"
#include "scenarios/sweep.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QTextStream>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <functional>
#include <map>
#include <memory>
#include <cstdio>

namespace app {

namespace {

using scenarios::Scenario;

// Ctrl+C (or SIGTERM) during a run: the run stops within a few thousand events and the command
// exits with 130. A second Ctrl+C ends the process at once.
std::atomic<scenarios::StopRequest> interrupted{scenarios::StopRequest::None};
static_assert(std::atomic<scenarios::StopRequest>::is_always_lock_free);
std::atomic<int> interruptedBy{SIGINT};

extern "C" void onInterrupt(int signal)
{
    interruptedBy.store(signal);
    interrupted.store(scenarios::StopRequest::Abandon);
    std::signal(signal, SIG_DFL);
}

// Stops the runs at Ctrl+C while it lives; the shell's usual handling comes back afterwards.
struct InterruptScope {
    InterruptScope()
    {
        interrupted.store(scenarios::StopRequest::None);
        std::signal(SIGINT, onInterrupt);
        std::signal(SIGTERM, onInterrupt);
    }
    ~InterruptScope()
    {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    }
    static bool happened() { return interrupted.load() != scenarios::StopRequest::None; }
};

// What a run leaves behind is freed as it ends, unless Ctrl+C came: the process is about to
// exit, and unwinding a million parked tasks would take seconds.
void leakWhenInterrupted(std::shared_ptr<void> live)
{
    if (InterruptScope::happened())
        new std::shared_ptr<void>(std::move(live)); // never freed: the exit reclaims it
}

// 128 + the signal, as the shell reports a program it ended: 130 for Ctrl+C, 143 for SIGTERM.
int reportInterrupted()
{
    std::fputs("coroscope: interrupted\n", stderr);
    return 128 + interruptedBy.load();
}

/// A one-line complaint about the input: printed, then exit status 2.
struct BadInput {
    QString message;
};

QString qs(const std::string &s) { return QString::fromStdString(s); }

// Text from a file or the command line, fit for a terminal: control characters (a NUL, an
// ESC that would start a colour code, C1 codes) escaped as JSON escapes them.
QString printable(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            out += QStringLiteral("\\n");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u < 0x20 || (u >= 0x7f && u < 0xa0))
            out += QStringLiteral("\\u%1").arg(unsigned(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// A whole number as a person types it: decimal digits only (no sign, space, "0x" or exponent).
qulonglong wholeNumber(const QString &text, bool *ok)
{
    *ok = !text.isEmpty() && text.size() <= 20 && std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    return *ok ? text.toULongLong(ok) : 0;
}

const Scenario &scenarioNamed(const QString &id)
{
    std::string error;
    const Scenario *s = scenarios::findScenario(id.toStdString(), &error);
    if (!s)
        throw BadInput{qs(error)};
    return *s;
}

/// The scenario's defaults with every --set applied.
scenarios::Params parametersFrom(const Scenario &s, const QCommandLineParser &parser)
{
    scenarios::Params params = s.defaults();
    for (const QString &setting : parser.values(QStringLiteral("set"))) {
        std::string error;
        if (!scenarios::applySetting(s, params, setting.toStdString(), &error))
            throw BadInput{qs(error)};
    }
    if (const std::string clash = scenarios::checkParams(s, params); !clash.empty())
        throw BadInput{qs(clash)};
    return params;
}

QJsonObject parameterJson(const scenarios::Parameter &p)
{
    QJsonObject o{{"id", qs(p.id)}, {"label", qs(p.label)}};
    if (!p.onlyWhen.empty())
        o.insert("only_when", qs(p.onlyWhen)); // "CHOICE=VALUE": it matters only then
    if (const auto *range = std::get_if<scenarios::NumericRange>(&p.kind)) {
        o.insert("unit", qs(p.unit));
        o.insert("min", range->min);
        o.insert("max", range->max);
        o.insert("default", range->defaultValue);
        o.insert("step", range->step);
    } else {
        const auto &c = std::get<scenarios::Choices>(p.kind);
        QJsonArray choices;
        for (const auto &choice : c.choices)
            choices.append(qs(choice));
        o.insert("choices", choices);
        o.insert("default", qs(c.defaultValue));
    }
    return o;
}

void printJson(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
}

int list(bool json)
{
    if (json) {
        QJsonArray all;
        for (const Scenario &s : scenarios::registry()) {
            QJsonArray variants, params;
            for (const auto &v : s.variants)
                variants.append(QJsonObject{{"id", qs(v.id)}, {"label", qs(v.label)}, {"role", scenarios::roleName(v.role)}});
            for (const auto &p : s.parameters)
                params.append(parameterJson(p));
            QJsonArray metrics, signalList;
            for (const auto &m : s.metrics) {
                const char *better = coro::betterName(m.better);
                metrics.append(QJsonObject{{"id", qs(m.id)},
                                           {"label", qs(m.label)},
                                           {"unit", QString::fromUtf8(coro::unitSymbol(m.unit))},
                                           {"better", better ? QJsonValue(QString::fromLatin1(better)) : QJsonValue()},
                                           {"headline", m.headline}});
            }
            for (const auto &g : s.chartSignals) {
                QJsonObject o{{"id", qs(g.id)}, {"label", qs(g.label)}, {"unit", QString::fromUtf8(coro::unitSymbol(g.unit))}};
                if (g.isState()) {
                    QJsonArray states;
                    for (const auto &state : g.states)
                        states.append(qs(state));
                    o.insert("states", states);
                }
                QJsonArray references;
                for (const auto &r : g.references) {
                    QJsonObject ref{{"label", qs(r.label)}};
                    if (r.parameter.empty())
                        ref.insert("value", r.value);
                    else
                        ref.insert("parameter", qs(r.parameter));
                    if (!r.slopeParameter.empty())
                        ref.insert("per_second_parameter", qs(r.slopeParameter)); // value + that parameter times t
                    references.append(ref);
                }
                o.insert("references", references);
                signalList.append(o);
            }
            QJsonArray questions; // asked with the default values
            for (const auto &q : s.questions)
                questions.append(QJsonObject{{"text", qs(q.ask(s.defaults()))}, {"variant", qs(q.variant)}, {"metric", qs(q.metric)},
                                             {"tolerance", q.tolerance}, {"slack", q.slack}});
            QJsonArray bands;
            for (const auto &b : s.bands)
                bands.append(QJsonObject{{"label", qs(b.label)}, {"start_parameter", qs(b.startParameter)},
                                         {"length_parameter", qs(b.lengthParameter)}});
            all.append(QJsonObject{{"id", qs(s.id)},
                                   {"practice", s.practice},
                                   {"title", qs(s.title)},
                                   {"summary", qs(s.summary)},
                                   {"variants", variants},
                                   {"parameters", params},
                                   {"metrics", metrics},
                                   {"signals", signalList},
                                   {"bands", bands},
                                   {"questions", questions}});
        }
        printJson(QJsonObject{{"scenarios", all}});
        return 0;
    }
    QTextStream out(stdout);
    for (const Scenario &s : scenarios::registry()) {
        out << QStringLiteral("%1  %2 - %3\n").arg(s.practice, 2).arg(qs(s.id), qs(s.title));
        out << "    " << qs(s.summary) << '\n';
        out << "    variants:";
        for (const auto &v : s.variants)
            out << ' ' << qs(v.id) << " (" << scenarios::roleName(v.role) << ')';
        out << '\n';
        for (const auto &p : s.parameters) {
            out << "    --set " << qs(p.id) << "=";
            if (const auto *r = std::get_if<scenarios::NumericRange>(&p.kind))
                out << QStringLiteral("%1..%2 %3(default %4)")
                           .arg(r->min)
                           .arg(r->max)
                           .arg(p.unit.empty() ? QString() : qs(p.unit) + QLatin1Char(' '))
                           .arg(r->defaultValue);
            else {
                const auto &c = std::get<scenarios::Choices>(p.kind);
                QStringList choices;
                for (const auto &choice : c.choices)
                    choices << qs(choice);
                out << choices.join(QLatin1Char('|')) << " (default " << qs(c.defaultValue) << ')';
            }
            out << "   " << qs(p.label) << '\n';
        }
        out << '\n';
    }
    return 0;
}

// Fails early (before any run) if a file cannot be written, without touching it: a temporary
// file is made beside it, and removed.
void checkWritable(const QString &path)
{
    coro::OutputFile f(path);
    if (!f.open())
        throw BadInput{f.error()};
}

// The files a run writes as it goes (--trace, --csv): opened before the first variant runs,
// filled from each variant's recorder as it ends, and put in place only when all is written,
// so an interrupted or failed run leaves the old files as they were.
class RunExports {
public:
    RunExports(const Scenario &scenario, const QString &tracePath, const QString &csvDir,
               const std::vector<const scenarios::Variant *> &variants)
        : scenario_(scenario)
    {
        if (!tracePath.isEmpty()) {
            trace_ = std::make_unique<coro::OutputFile>(tracePath);
            if (!trace_->open())
                throw BadInput{trace_->error()};
            traceWriter_ = std::make_unique<coro::TraceWriter>(trace_->device(), &InterruptScope::happened);
        }
        if (!csvDir.isEmpty()) {
            if (!QDir().mkpath(csvDir))
                throw BadInput{QStringLiteral("cannot create the folder '%1'").arg(csvDir)};
            for (const auto *v : variants) {
                auto file = std::make_unique<coro::OutputFile>(scenarios::seriesCsvPath(csvDir, *v));
                if (!file->open())
                    throw BadInput{file->error()};
                csv_[v] = std::move(file);
            }
        }
    }
    bool any() const { return trace_ || !csv_.empty(); }
    bool timeline() const { return bool(trace_); }
    /// Writes what a variant recorded, as its run ends.
    void add(const scenarios::Variant &variant, const coro::Recorder &recorder)
    {
        if (traceWriter_)
            traceWriter_->add(recorder, scenarios::traceProcessName(scenario_, variant));
        if (const auto it = csv_.find(&variant); it != csv_.end())
            coro::writeSeriesCsv(recorder, it->second->device(), &InterruptScope::happened);
    }
    /// Puts every file in place; the first that fails is the message.
    void commit()
    {
        if (traceWriter_)
            traceWriter_->finish();
        if (trace_ && !trace_->commit())
            throw BadInput{trace_->error()};
        for (auto &[variant, file] : csv_)
            if (!file->commit())
                throw BadInput{file->error()};
    }

private:
    const Scenario &scenario_;
    std::unique_ptr<coro::OutputFile> trace_;
    std::unique_ptr<coro::TraceWriter> traceWriter_;
    std::map<const scenarios::Variant *, std::unique_ptr<coro::OutputFile>> csv_;
};

void printTable(const Scenario &s, const std::vector<scenarios::VariantRun> &runs)
{
    QTextStream out(stdout);
    if (s.practice > 0)
        out << printable(qs(s.title)) << " (practice " << s.practice << ")\n\n";
    else
        out << printable(qs(s.title)) << " (lab)\n\n";
    std::vector<gui::NamedMetrics> named;
    for (const auto &run : runs)
        named.push_back({printable(qs(run.variant->id)), &run.metrics});
    const gui::MetricsTable table = gui::metricsTable(s, named);
    int width = 14;
    for (const QString &column : table.columns)
        width = std::max(width, int(column.size()));
    width += 2;
    int labelWidth = 20;
    for (const QString &label : table.labels)
        labelWidth = std::max(labelWidth, int(label.size()) + 4);
    out << QStringLiteral("%1").arg(QString(), -labelWidth);
    for (const QString &column : table.columns)
        out << QStringLiteral("%1").arg(column, width);
    out << '\n';
    for (int r = 0; r < table.rows(); ++r) {
        out << QStringLiteral("%1").arg((table.headline[std::size_t(r)] ? QStringLiteral("* ") : QStringLiteral("  ")) + table.labels[r], -labelWidth);
        for (const QString &cell : table.cells[std::size_t(r)])
            out << QStringLiteral("%1").arg(cell == QStringLiteral("–") ? QStringLiteral("-") : cell, width);
        out << '\n';
    }
    out << "\n* headline: what the practice teaches. JSON (--json) gives every metric by its id, in SI units.\n";
}

// A budget option: a whole number from 0 (no budget) to `max`, in `unit`; `absent` when not given.
std::uint64_t budgetOption(const QCommandLineParser &parser, const char *option, const char *unit, qulonglong max,
                           std::uint64_t absent)
{
    const QString name = QString::fromLatin1(option);
    if (!parser.isSet(name))
        return absent;
    const QString text = parser.value(name);
    bool ok = false;
    const qulonglong n = wholeNumber(text, &ok);
    if (!ok || n > max)
        throw BadInput{QStringLiteral("--%1 needs a whole number of %2 from 0 (no budget) to %3; got '%4'")
                           .arg(name, QString::fromLatin1(unit))
                           .arg(max)
                           .arg(text)};
    return n;
}

// --max-events: the run's event budget, shared by its variants; 0 for none.
std::uint64_t eventBudget(const QCommandLineParser &parser)
{
    return budgetOption(parser, "max-events", "events", 1'000'000'000'000ull, scenarios::kDefaultMaxEvents);
}

// --max-memory: the run's memory budget in MB; 0 for none.
std::uint64_t memoryBudget(const QCommandLineParser &parser)
{
    return budgetOption(parser, "max-memory", "MB", 1'048'576, scenarios::kDefaultMaxMemoryBytes >> 20) << 20;
}

// What the runs that stopped early stopped at, on stderr: the numbers on stdout cover only
// what ran.
void warnTruncated(const std::vector<const scenarios::VariantRun *> &runs)
{
    for (const auto *r : runs)
        if (r->truncated())
            QTextStream(stderr) << "coroscope: " << printable(qs(r->variant->id)) << ": " << qs(r->truncation)
                                << "; its numbers cover the run up to there (--max-events N and --max-memory MB change the run's budgets)\n";
}

// --metric: a metric the sweep shows besides the headline ones (a declared one of the practice).
std::string sweepMetric(const Scenario &s, const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("metric")))
        return {};
    if (!parser.isSet(QStringLiteral("sweep")))
        throw BadInput{QStringLiteral("--metric only applies to --sweep")};
    const std::string id = parser.value(QStringLiteral("metric")).toStdString();
    QStringList others;
    for (const auto &m : s.metrics)
        if (!m.headline) {
            if (m.id == id)
                return id;
            others << qs(m.id);
        }
    throw BadInput{QStringLiteral("--metric: '%1' is not one of %2's other metrics; allowed: %3")
                       .arg(qs(id), qs(s.id), others.join(QStringLiteral(", ")))};
}

// --sweep: every variant at N values of one parameter, on worker threads; the headline
// metrics as one table per metric (a row per value, a column per variant), or the JSON.
int sweep(const Scenario &s, const std::vector<const scenarios::Variant *> &variants, const scenarios::Params &params,
          std::uint64_t seed, const QString &text, bool json, const std::string &extra, const scenarios::RunOptions &budgets)
{
    scenarios::Sweep sweep;
    std::string error;
    if (!scenarios::parseSweep(s, text.toStdString(), &sweep, &error))
        throw BadInput{qs(error)};
    if (const std::string clash = scenarios::checkSweep(s, params, sweep); !clash.empty())
        throw BadInput{qs(clash)};
    const InterruptScope interrupt;
    const auto points = scenarios::runSweep(s, params, variants, sweep, seed, std::max(1, QThread::idealThreadCount()), {},
                                            {.maxEvents = budgets.maxEvents, .maxMemoryBytes = budgets.maxMemoryBytes,
                                             .stop = &interrupted, .dispose = leakWhenInterrupted});
    if (InterruptScope::happened())
        return reportInterrupted();
    std::vector<const scenarios::VariantRun *> all;
    for (const auto &point : points)
        for (const auto &r : point.runs)
            all.push_back(&r);
    warnTruncated(all);
    if (json) {
        printJson(scenarios::sweepReport(s, sweep, seed, points));
        return 0;
    }
    QTextStream out(stdout);
    const scenarios::Parameter &p = *s.findParameter(sweep.parameter);
    out << printable(qs(s.title)) << ": " << qs(p.label) << " from " << sweep.from << " to " << sweep.to << "\n";
    for (const auto &m : s.metrics) {
        if (!m.headline && m.id != extra)
            continue;
        out << "\n" << qs(m.label) << "\n" << QStringLiteral("%1").arg(qs(sweep.parameter), 14);
        for (const auto *v : variants)
            out << QStringLiteral("%1").arg(printable(qs(v->id)), 22);
        out << '\n';
        for (const auto &point : points) {
            out << QStringLiteral("%1").arg(gui::formatNumber(point.value) + (p.unit.empty() ? QString() : QLatin1Char(' ') + qs(p.unit)), 14);
            for (const auto &r : point.runs) {
                const auto v = r.metrics.get(m.id);
                out << QStringLiteral("%1").arg(v ? gui::formatMetric(*v, gui::metricUnit(s, m.id)) : QStringLiteral("-"), 22);
            }
            out << '\n';
        }
    }
    return 0;
}

std::uint64_t seedFrom(const QCommandLineParser &parser);
int runAndReport(const Scenario &scenario, const std::vector<const scenarios::Variant *> &variants,
                 const scenarios::Params &params, std::uint64_t seed, const QCommandLineParser &parser,
                 const std::function<QJsonObject(const scenarios::Params &, std::uint64_t, const std::vector<scenarios::VariantRun> &)> &report);

int run(const QCommandLineParser &parser)
{
    const QString id = parser.value(QStringLiteral("run"));
    const Scenario *s = &scenarioNamed(id);

    std::vector<const scenarios::Variant *> variants;
    for (const QString &v : parser.values(QStringLiteral("variant"))) {
        const auto *variant = s->findVariant(v.toStdString());
        if (!variant) {
            QStringList allowed;
            for (const auto &known : s->variants)
                allowed << qs(known.id);
            throw BadInput{QStringLiteral("unknown variant '%1' for %2; allowed: %3").arg(v, id, allowed.join(QStringLiteral(", ")))};
        }
        if (std::find(variants.begin(), variants.end(), variant) == variants.end()) // named twice: run once
            variants.push_back(variant);
    }
    if (variants.empty())
        for (const auto &v : s->variants)
            variants.push_back(&v);

    return runAndReport(*s, variants, parametersFrom(*s, parser), seedFrom(parser), parser,
                        [s](const scenarios::Params &params, std::uint64_t seed, const std::vector<scenarios::VariantRun> &runs) {
                            return scenarios::runReport(*s, params, seed, runs);
                        });
}

// --lab FILE (or the name of a shipped example), read and checked.
scenarios::Lab readLab(const QCommandLineParser &parser, QByteArray *bytes = nullptr)
{
    QString path = parser.value(QStringLiteral("lab"));
    // A bare name that is no file is one of the shipped examples: --lab hedging.
    if (!QFile::exists(path) && !path.contains(QLatin1Char('/')) && QFile::exists(QStringLiteral(":/labs/%1.json").arg(path)))
        path = QStringLiteral(":/labs/%1.json").arg(path);
    QByteArray json;
    QString readError;
    if (!coro::readInputFile(path, coro::kMaxSettingsFileBytes, &json, &readError))
        throw BadInput{readError};
    scenarios::Lab lab;
    std::string error;
    if (!scenarios::parseLab(json, &lab, &error))
        throw BadInput{QStringLiteral("%1: %2").arg(path, qs(error))};
    if (bytes)
        *bytes = json;
    return lab;
}

// --lab FILE: the lab's pipelines on its world and load (--set changes a world or load setting).
int lab(const QCommandLineParser &parser)
{
    const scenarios::Lab lab = readLab(parser);
    for (const char *option : {"variant", "sweep", "metric"})
        if (parser.isSet(QString::fromLatin1(option)))
            throw BadInput{QStringLiteral("--lab runs every pipeline; --%1 only applies to --run").arg(QString::fromLatin1(option))};
    const auto s = scenarios::labScenario(lab);
    if (parser.isSet(QStringLiteral("export-code"))) { // the pipelines as programs, not a run
        for (const char *option : {"json", "trace", "csv"})
            if (parser.isSet(QString::fromLatin1(option)))
                throw BadInput{QStringLiteral("--export-code writes the code; it cannot be combined with --%1").arg(QString::fromLatin1(option))};
        const QString folder = parser.value(QStringLiteral("export-code"));
        if (folder.isEmpty())
            throw BadInput{QStringLiteral("--export-code needs a folder name; got an empty one")};
        QString error;
        const QStringList written = scenarios::exportLabCode(lab, parametersFrom(*s, parser), folder, &error);
        if (written.isEmpty())
            throw BadInput{error};
        for (const QString &path : written)
            std::printf("%s\n", qPrintable(path));
        return 0;
    }
    std::vector<const scenarios::Variant *> variants;
    for (const auto &v : s->variants)
        variants.push_back(&v);
    return runAndReport(*s, variants, parametersFrom(*s, parser), seedFrom(parser), parser,
                        [&lab, s](const scenarios::Params &params, std::uint64_t seed, const std::vector<scenarios::VariantRun> &runs) {
                            return scenarios::labReport(lab, *s, params, seed, runs);
                        });
}

std::uint64_t seedFrom(const QCommandLineParser &parser)
{
    bool ok = true;
    const QString seedText = parser.value(QStringLiteral("seed"));
    const std::uint64_t seed = wholeNumber(seedText, &ok);
    if (!ok)
        throw BadInput{QStringLiteral("--seed needs a whole number from 0 to 18446744073709551615; got '%1'").arg(seedText)};
    return seed;
}

// Runs the variants and prints the table, or the JSON report (--json); writes --trace, --csv.
int runAndReport(const Scenario &scenario, const std::vector<const scenarios::Variant *> &variants,
                 const scenarios::Params &params, std::uint64_t seed, const QCommandLineParser &parser,
                 const std::function<QJsonObject(const scenarios::Params &, std::uint64_t, const std::vector<scenarios::VariantRun> &)> &report)
{
    const Scenario *s = &scenario;
    const QString tracePath = parser.value(QStringLiteral("trace"));
    const QString csvDir = parser.value(QStringLiteral("csv"));
    for (const char *option : {"trace", "csv"})
        if (parser.isSet(QString::fromLatin1(option)) && parser.value(QString::fromLatin1(option)).isEmpty())
            throw BadInput{QStringLiteral("--%1 needs a file or folder name; got an empty one").arg(QString::fromLatin1(option))};
    sweepMetric(*s, parser); // refuses --metric without --sweep, or one the practice lacks
    const scenarios::RunOptions budgets{.maxEvents = eventBudget(parser), .maxMemoryBytes = memoryBudget(parser)};
    if (parser.isSet(QStringLiteral("sweep"))) {
        if (!tracePath.isEmpty() || !csvDir.isEmpty())
            throw BadInput{QStringLiteral("--sweep writes a table or --json, not --trace or --csv (run one value with --set for those)")};
        return sweep(*s, variants, params, seed, parser.value(QStringLiteral("sweep")), parser.isSet(QStringLiteral("json")),
                     sweepMetric(*s, parser), budgets);
    }
    std::vector<scenarios::VariantRun> runs;
    {
        // From opening the files to putting them in place: a signal anywhere in between (during
        // a run, or while its files are written) leaves the old files as they were.
        const InterruptScope interrupt;
        RunExports exports(*s, tracePath, csvDir, variants);
        scenarios::RunOptions options{.timeline = exports.timeline(), // no timeline shown or written: none recorded
                                      .maxEvents = budgets.maxEvents,
                                      .maxMemoryBytes = budgets.maxMemoryBytes,
                                      .stop = &interrupted,
                                      .dispose = leakWhenInterrupted};
        const scenarios::Variant *current = nullptr;
        if (exports.any())
            options.exporter = [&exports, &current](const coro::Recorder &recorder) { exports.add(*current, recorder); };
        for (const auto *v : variants) {
            current = v;
            runs.push_back(scenarios::runVariant(*s, *v, params, seed, options));
            if (runs.back().stopped || InterruptScope::happened())
                return reportInterrupted();
        }
        exports.commit();
        if (InterruptScope::happened()) // during the commit: the files are whole, the output is not wanted
            return reportInterrupted();
    }

    std::vector<const scenarios::VariantRun *> done;
    for (const auto &r : runs)
        done.push_back(&r);
    warnTruncated(done);
    if (parser.isSet(QStringLiteral("json"))) {
        printJson(report(params, seed, runs));
    } else {
        printTable(*s, runs);
    }
    return 0;
}

// The window's options, checked here so that bad input fails before a window opens.
gui::LaunchRequest windowRequest(const QCommandLineParser &parser)
{
    gui::LaunchRequest request;
    if (parser.isSet(QStringLiteral("screenshot"))) {
        request.screenshot = parser.value(QStringLiteral("screenshot"));
        if (!request.screenshot.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive) &&
            !request.screenshot.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive))
            throw BadInput{QStringLiteral("--screenshot needs a .png or .svg file name; got '%1'").arg(request.screenshot)};
    } else {
        for (const char *option : {"at", "size"})
            if (parser.isSet(QString::fromLatin1(option)))
                throw BadInput{QStringLiteral("--%1 only applies to --screenshot").arg(QString::fromLatin1(option))};
    }
    const scenarios::Scenario *s = nullptr;
    std::shared_ptr<const scenarios::Scenario> labScenario; // --lab FILE --screenshot: the window on the lab
    if (parser.isSet(QStringLiteral("lab"))) {
        if (parser.isSet(QStringLiteral("scenario")) || parser.isSet(QStringLiteral("guide")) || parser.isSet(QStringLiteral("sweep")))
            throw BadInput{QStringLiteral("--lab opens the Lab: it cannot be combined with --scenario, --guide or --sweep")};
        QByteArray bytes;
        labScenario = scenarios::labScenario(readLab(parser, &bytes));
        request.lab = bytes;
        s = labScenario.get();
    } else if (parser.isSet(QStringLiteral("scenario"))) {
        s = &scenarioNamed(parser.value(QStringLiteral("scenario")));
    } else if (parser.isSet(QStringLiteral("set"))) {
        throw BadInput{QStringLiteral("--set needs --scenario ID (or --run ID) to say whose parameter it is")};
    } else if (!request.screenshot.isEmpty()) {
        s = &scenarios::registry().front();
    }
    request.scenario = labScenario ? nullptr : s; // a lab's scenario is the window's own
    if (s)
        request.params = parametersFrom(*s, parser);
    if (parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        const QString text = parser.value(QStringLiteral("seed"));
        const qulonglong seed = wholeNumber(text, &ok);
        if (!ok || seed > 2147483647ull)
            throw BadInput{QStringLiteral("--seed for the window needs a whole number from 0 to 2147483647; got '%1'").arg(text)};
        request.seed = seed;
    }
    if (parser.isSet(QStringLiteral("at"))) {
        const QString text = parser.value(QStringLiteral("at"));
        if (text != QStringLiteral("end")) {
            bool ok = false;
            const double at = text.toDouble(&ok);
            if (!ok || !std::isfinite(at) || at < 0)
                throw BadInput{QStringLiteral("--at needs a time in seconds (0 or more) or 'end'; got '%1'").arg(text)};
            request.at = at;
        }
    }
    if (parser.isSet(QStringLiteral("size"))) {
        const QString text = parser.value(QStringLiteral("size"));
        const QStringList wh = text.split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const int w = wh.size() == 2 ? wh[0].toInt(&okW) : 0;
        const int h = wh.size() == 2 ? wh[1].toInt(&okH) : 0;
        if (!okW || !okH || w < 1000 || h < 640 || w > 7680 || h > 4320)
            throw BadInput{QStringLiteral("--size needs WIDTHxHEIGHT from 1000x640 to 7680x4320; got '%1'").arg(text)};
        request.size = QSize(w, h);
    }
    if (parser.isSet(QStringLiteral("theme"))) {
        const QString text = parser.value(QStringLiteral("theme"));
        if (text != QStringLiteral("light") && text != QStringLiteral("dark"))
            throw BadInput{QStringLiteral("--theme must be light or dark; got '%1'").arg(text)};
        request.dark = text == QStringLiteral("dark");
    }
    request.guide = parser.isSet(QStringLiteral("guide"));
    if (parser.isSet(QStringLiteral("sweep"))) { // with --screenshot: the sweep dialog's picture
        if (request.screenshot.isEmpty() || !s)
            throw BadInput{QStringLiteral("--sweep needs --run ID, or --screenshot FILE with --scenario ID")};
        scenarios::Sweep sweep;
        std::string error;
        if (!scenarios::parseSweep(*s, parser.value(QStringLiteral("sweep")).toStdString(), &sweep, &error))
            throw BadInput{qs(error)};
        request.sweep = parser.value(QStringLiteral("sweep"));
        request.sweepMetric = qs(sweepMetric(*s, parser));
    } else if (parser.isSet(QStringLiteral("metric"))) {
        throw BadInput{QStringLiteral("--metric only applies to --sweep")};
    }
    if (parser.isSet(QStringLiteral("predict"))) {
        const QString text = parser.value(QStringLiteral("predict"));
        if (text != QStringLiteral("on") && text != QStringLiteral("off"))
            throw BadInput{QStringLiteral("--predict must be on or off; got '%1'").arg(text)};
        request.predict = text == QStringLiteral("on");
    }
    if (parser.isSet(QStringLiteral("tab"))) {
        const QStringList tabs{QStringLiteral("lesson"), QStringLiteral("code"), QStringLiteral("metrics"), QStringLiteral("outcomes")};
        const QString text = parser.value(QStringLiteral("tab"));
        if (!tabs.contains(text))
            throw BadInput{QStringLiteral("--tab must be lesson, code, metrics or outcomes; got '%1'").arg(text)};
        request.tab = int(tabs.indexOf(text));
    }
    if (parser.isSet(QStringLiteral("pick"))) {
        const QString text = parser.value(QStringLiteral("pick"));
        const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const qlonglong index = colon < 0 ? -1 : text.mid(colon + 1).toLongLong(&ok);
        if (!s || colon < 0 || !ok || index < 0)
            throw BadInput{QStringLiteral("--pick needs VARIANT:REQUEST (e.g. full-jitter:3) and a --scenario; got '%1'").arg(text)};
        const auto *v = s->findVariant(text.left(colon).toStdString());
        if (!v) {
            QStringList ids;
            for (const auto &variant : s->variants)
                ids << qs(variant.id);
            throw BadInput{QStringLiteral("--pick: unknown variant '%1' for %2; allowed: %3").arg(text.left(colon), qs(s->id), ids.join(QStringLiteral(", ")))};
        }
        request.pickVariant = int(v - s->variants.data());
        request.pickRequest = index;
    }
    if (parser.isSet(QStringLiteral("max-events")))
        request.maxEvents = eventBudget(parser);
    if (parser.isSet(QStringLiteral("max-memory")))
        throw BadInput{QStringLiteral("--max-memory applies to --run and --lab; the window keeps the default")};
    if (!request.screenshot.isEmpty())
        checkWritable(request.screenshot); // last: nothing is written when an argument is wrong
    return request;
}

} // namespace

int runCommandLine(const QStringList &arguments, gui::LaunchRequest *window)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Coroscope runs async best practices as simulations on a virtual clock: the bad and the good\n"
        "pattern on the same workload, every number measured from the run.\n\n"
        "Examples:\n"
        "  coroscope --list\n"
        "  coroscope --run semaphore --set limit=20 --set requests=1000 --seed 7\n"
        "  coroscope --run rate-limit --variant guide-limiter --variant token-bucket --json\n"
        "  coroscope --run semaphore --trace run.json --csv series/   (open run.json in ui.perfetto.dev)\n"
        "  coroscope --lab hedging --json      (a shipped example; or --lab FILE, your own)\n"
        "  coroscope --lab hedging --window    (the window on that lab)\n"
        "  coroscope                                  (open the window)\n"
        "  coroscope --scenario retry --set failure_rate=0.5   (open the window on a practice)\n"
        "  coroscope --screenshot out.png --scenario semaphore --at 2 --theme dark"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("list"), QStringLiteral("List the scenarios, their variants and parameters with ranges.")},
        {QStringLiteral("json"), QStringLiteral("With --list or --run: print JSON.")},
        {QStringLiteral("run"), QStringLiteral("Run scenario ID (all variants unless --variant is given)."), QStringLiteral("ID")},
        {QStringLiteral("variant"), QStringLiteral("Run only variant V (repeatable)."), QStringLiteral("V")},
        {QStringLiteral("set"), QStringLiteral("Set parameter KEY to VALUE (repeatable), e.g. --set limit=20."), QStringLiteral("KEY=VALUE")},
        {QStringLiteral("seed"), QStringLiteral("Random seed (default 1). Same seed, same result."), QStringLiteral("N"), QStringLiteral("1")},
        {QStringLiteral("scenario"), QStringLiteral("Open the window (or the screenshot) on scenario ID."), QStringLiteral("ID")},
        {QStringLiteral("screenshot"), QStringLiteral("Render the window offscreen and save it as FILE (.png or .svg)."), QStringLiteral("FILE")},
        {QStringLiteral("at"), QStringLiteral("With --screenshot: the moment shown, in virtual seconds, or 'end' (default)."), QStringLiteral("SECONDS|end")},
        {QStringLiteral("size"), QStringLiteral("With --screenshot: window size (default 1600x1000)."), QStringLiteral("WxH")},
        {QStringLiteral("theme"), QStringLiteral("Light or dark window."), QStringLiteral("light|dark")},
        {QStringLiteral("trace"), QStringLiteral("Write the run as Chrome trace JSON (Perfetto, chrome://tracing)."), QStringLiteral("FILE")},
        {QStringLiteral("csv"), QStringLiteral("Write each variant's series as DIR/<variant>.csv."), QStringLiteral("DIR")},
        {QStringLiteral("guide"), QStringLiteral("Open on the guide's principles, checklist and takeaways.")},
        {QStringLiteral("predict"), QStringLiteral("Ask each practice's questions before showing its numbers (a --screenshot: off unless on)."), QStringLiteral("on|off")},
        {QStringLiteral("metric"), QStringLiteral("With --sweep: show this metric too, besides the headline ones."), QStringLiteral("ID")},
        {QStringLiteral("tab"), QStringLiteral("The tab shown below the timelines."), QStringLiteral("lesson|code|metrics|outcomes")},
        {QStringLiteral("pick"), QStringLiteral("Pick request N of variant V, as a press on its lane does: the Code tab follows it."), QStringLiteral("V:N")},
        {QStringLiteral("max-events"), QStringLiteral("The run's event budget, shared evenly by the practice's variants: a variant stops after its share, and says so (default %1; 0: no budget).").arg(scenarios::kDefaultMaxEvents), QStringLiteral("N")},
        {QStringLiteral("max-memory"), QStringLiteral("The run's memory budget in MB: a variant stops when its tasks alive and what the run recorded would take more, and says so (default %1; 0: no budget).").arg(scenarios::kDefaultMaxMemoryBytes >> 20), QStringLiteral("MB")},
        {QStringLiteral("lab"), QStringLiteral("Run the Policy Lab file FILE: its pipelines on its world and load (--set KEY=VALUE changes one of those; --json for JSON). With --window or --screenshot: the window on it."), QStringLiteral("FILE")},
        {QStringLiteral("export-code"), QStringLiteral("With --lab: write each pipeline as DIR/<variant>.py (asyncio; python3 FILE [REQUESTS] runs it against a stand-in of the lab's world) and DIR/<variant>.cpp (on the engine), and print their paths."), QStringLiteral("DIR")},
        {QStringLiteral("window"), QStringLiteral("With --lab: open the window on the lab instead of printing its results.")},
        {QStringLiteral("sweep"), QStringLiteral("With --run: run every variant at N values of parameter KEY from FROM to TO, on worker threads, e.g. --sweep limit=1:50:10."), QStringLiteral("KEY=FROM:TO:N")},
    });
    try {
        if (!parser.parse(arguments))
            throw BadInput{parser.errorText()};
        if (parser.isSet(QStringLiteral("help"))) {
            // Parsed before any QCoreApplication exists, so Qt cannot know the program's name.
            std::fputs(qPrintable(parser.helpText().replace(QStringLiteral("<executable_name>"), QStringLiteral("coroscope"))),
                       stdout);
            return 0;
        }
        if (parser.isSet(QStringLiteral("version"))) {
            std::printf("coroscope %s\n", PROJECT_VERSION);
            return 0;
        }
        if (!parser.positionalArguments().isEmpty())
            throw BadInput{QStringLiteral("unexpected argument '%1' (see --help)").arg(parser.positionalArguments().first())};
        if (parser.isSet(QStringLiteral("list")) && parser.isSet(QStringLiteral("run")))
            throw BadInput{QStringLiteral("--list and --run cannot be combined")};
        if (parser.isSet(QStringLiteral("list")))
            return list(parser.isSet(QStringLiteral("json")));
        if (parser.isSet(QStringLiteral("run")) && parser.isSet(QStringLiteral("lab")))
            throw BadInput{QStringLiteral("--run and --lab cannot be combined")};
        if (parser.isSet(QStringLiteral("export-code"))) {
            if (!parser.isSet(QStringLiteral("lab")))
                throw BadInput{QStringLiteral("--export-code needs --lab FILE|NAME: it writes that lab's pipelines as code")};
            for (const char *option : {"window", "screenshot", "sweep"})
                if (parser.isSet(QString::fromLatin1(option)))
                    throw BadInput{QStringLiteral("--export-code and --%1 cannot be combined").arg(QString::fromLatin1(option))};
        }
        if (parser.isSet(QStringLiteral("window"))) {
            if (!parser.isSet(QStringLiteral("lab")))
                throw BadInput{QStringLiteral("--window needs --lab FILE|NAME: it opens the window on that lab")};
            for (const char *option : {"json", "trace", "csv", "variant", "screenshot"})
                if (parser.isSet(QString::fromLatin1(option)))
                    throw BadInput{QStringLiteral("--window and --%1 cannot be combined").arg(QString::fromLatin1(option))};
        }
        if (parser.isSet(QStringLiteral("lab")) && !parser.isSet(QStringLiteral("screenshot")) && !parser.isSet(QStringLiteral("window"))) {
            for (const char *option : {"list", "scenario", "at", "size", "theme", "tab", "pick", "predict", "guide"})
                if (parser.isSet(QString::fromLatin1(option)))
                    throw BadInput{QStringLiteral("--lab and --%1 cannot be combined").arg(QString::fromLatin1(option))};
            return lab(parser);
        }
        if (parser.isSet(QStringLiteral("run"))) {
            for (const char *option : {"screenshot", "scenario", "at", "size", "theme", "tab", "pick", "predict", "guide"})
                if (parser.isSet(QString::fromLatin1(option)))
                    throw BadInput{QStringLiteral("--run and --%1 cannot be combined").arg(QString::fromLatin1(option))};
            return run(parser);
        }
        if (parser.isSet(QStringLiteral("json")) ||
            parser.isSet(QStringLiteral("variant")) || parser.isSet(QStringLiteral("trace")) ||
            parser.isSet(QStringLiteral("csv")))
            throw BadInput{QStringLiteral("--json, --variant, --trace and --csv need --run ID (see --help)")};
        *window = windowRequest(parser);
        return -1;
    } catch (const BadInput &bad) {
        QTextStream(stderr) << "coroscope: " << printable(bad.message) << '\n';
        return 2;
    }
}

} // namespace app
