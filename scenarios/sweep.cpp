// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "sweep.h"

#include "engine/export.h"

#include <QJsonArray>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <thread>

namespace scenarios {

namespace {
// Where v lies on the parameter's grid (min, min + step, ...), in steps; not whole when off it.
double stepsFromMin(const NumericRange &range, double v) { return range.step > 0 ? (v - range.min) / range.step : 0; }

bool onStep(const NumericRange &range, double v)
{
    const double k = stepsFromMin(range, v);
    return std::abs(k - std::round(k)) < 1e-9 * std::max(1.0, std::abs(k));
}

std::string shown(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}
} // namespace

std::vector<double> Sweep::values(const Scenario &scenario) const
{
    const Parameter *p = scenario.findParameter(parameter);
    std::vector<double> out;
    for (int i = 0; i < points; ++i) {
        double v = i == points - 1 ? to : from + (to - from) * i / (points - 1);
        if (p)
            v = std::get<NumericRange>(p->kind).nearestStep(v); // FROM and TO are on the grid: so is v, between them
        if (out.empty() || v != out.back())
            out.push_back(v);
    }
    return out;
}

bool parseSweep(const Scenario &scenario, const std::string &text, Sweep *sweep, std::string *error)
{
    const auto eq = text.find('=');
    const std::string key = text.substr(0, eq);
    const Parameter *p = eq == std::string::npos ? nullptr : scenario.findParameter(key);
    if (!p) {
        std::string known;
        for (const auto &q : scenario.parameters)
            if (!q.isChoice())
                known += (known.empty() ? "" : ", ") + q.id;
        *error = eq == std::string::npos ? "--sweep wants KEY=FROM:TO:N, e.g. limit=1:50:10; got '" + text + "'"
                                         : "unknown parameter '" + key + "' for " + scenario.id + "; numeric ones: " + known;
        return false;
    }
    if (p->isChoice()) {
        std::string choices;
        for (const auto &c : std::get<Choices>(p->kind).choices)
            choices += (choices.empty() ? "" : ", ") + c;
        *error = "'" + key + "' is a choice (" + choices + "), not a range: run each with --set " + key + "=CHOICE instead";
        return false;
    }
    const std::string spec = text.substr(eq + 1);
    const auto c1 = spec.find(':'), c2 = c1 == std::string::npos ? c1 : spec.find(':', c1 + 1);
    double from = 0, to = 0, n = 0;
    if (c2 == std::string::npos || !parseDecimal(spec.substr(0, c1), &from) || !parseDecimal(spec.substr(c1 + 1, c2 - c1 - 1), &to) ||
        !parseDecimal(spec.substr(c2 + 1), &n)) {
        *error = "--sweep " + key + " wants FROM:TO:N, three numbers; got '" + spec + "'";
        return false;
    }
    const auto &range = std::get<NumericRange>(p->kind);
    if (from < range.min || from > range.max || to < range.min || to > range.max || from == to) {
        *error = "--sweep " + key + " from " + shown(from) + " to " + shown(to) + ": both must lie in " + shown(range.min) + ".." +
                 shown(range.max) + " and differ";
        return false;
    }
    if (n != std::floor(n) || n < 2 || n > 200) {
        *error = "--sweep " + key + ": N must be a whole number from 2 to 200; got " + shown(n);
        return false;
    }
    for (const double end : {from, to})
        if (!onStep(range, end)) {
            *error = "--sweep " + key + ": " + shown(end) + " is not one of its values, which go from " + shown(range.min) +
                     " in steps of " + shown(range.step) + (p->isWholeNumber() ? " (a whole number)" : "");
            return false;
        }
    const Sweep candidate{key, from, to, int(n)};
    const std::vector<double> values = candidate.values(scenario);
    if (int(values.size()) < int(n)) {
        const double available = std::floor(std::abs(stepsFromMin(range, to) - stepsFromMin(range, from)) + 0.5) + 1;
        *error = "--sweep " + key + ": " + shown(n) + " points from " + shown(from) + " to " + shown(to) + " do not all land on its steps of " +
                 shown(range.step) + "; there are " + shown(available) + " values between them: ask for at most that many";
        return false;
    }
    *sweep = candidate;
    return true;
}

std::string checkSweep(const Scenario &scenario, const Params &base, const Sweep &sweep)
{
    Params probe = base;
    for (const double v : sweep.values(scenario)) {
        probe.setNumber(sweep.parameter, v);
        if (const std::string clash = checkParams(scenario, probe); !clash.empty())
            return "--sweep " + sweep.parameter + "=" + shown(v) + ": " + clash;
    }
    return {};
}

std::vector<SweepPoint> runSweep(const Scenario &scenario, const Params &base, const std::vector<const Variant *> &variants,
                                 const Sweep &sweep, std::uint64_t seed, int threads, const std::function<void(int, int)> &progress,
                                 const RunOptions &options)
{
    // Metrics only; the memory budget shared by the runs that may compute at once.
    const RunOptions each{.timeline = false,
                          .maxEvents = options.maxEvents,
                          .maxMemoryBytes = options.maxMemoryBytes / kSweepWorkers,
                          .memorySharedBy = kSweepWorkers,
                          .stop = options.stop,
                          .dispose = options.dispose};
    const std::vector<double> values = sweep.values(scenario);
    std::vector<SweepPoint> points(values.size());
    const int total = int(values.size() * variants.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        points[i].value = values[i];
        points[i].runs.resize(variants.size());
    }
    // Jobs are taken in order from a shared counter; each writes only its own slot.
    std::atomic<int> next{0}, done{0};
    auto work = [&] {
        for (int job; (job = next.fetch_add(1)) < total;) {
            if (options.stop && options.stop->load() == StopRequest::Abandon)
                break; // nobody waits for the rest
            const std::size_t point = std::size_t(job) / variants.size(), v = std::size_t(job) % variants.size();
            Params params = base;
            params.setNumber(sweep.parameter, values[point]);
            points[point].runs[v] = runVariant(scenario, *variants[v], params, seed, each);
            const int finished = done.fetch_add(1) + 1;
            if (progress)
                progress(finished, total);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < std::clamp(std::min(threads, kSweepWorkers), 1, total); ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
    return points;
}

QJsonObject sweepReport(const Scenario &scenario, const Sweep &sweep, std::uint64_t seed, const std::vector<SweepPoint> &points)
{
    QJsonArray out;
    for (const SweepPoint &p : points) {
        QJsonArray results;
        for (const VariantRun &r : p.runs) {
            QJsonObject result = runHeader(r);
            result.insert("metrics", coro::metricsToJson(r.metrics));
            results.append(result);
        }
        out.append(QJsonObject{{"value", p.value}, {"results", results}});
    }
    return QJsonObject{{"scenario", QString::fromStdString(scenario.id)},
                       {"seed", double(seed)},
                       {"sweep", QJsonObject{{"parameter", QString::fromStdString(sweep.parameter)},
                                             {"from", sweep.from},
                                             {"to", sweep.to},
                                             {"points", out}}}};
}

} // namespace scenarios
