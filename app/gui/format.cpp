// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "format.h"

#include "engine/metrics.h"
#include "engine/recorder.h"
#include "scenarios/scenario.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {
/// Up to `digits` significant digits, fixed notation, trailing zeros dropped.
QString significant(double v, int digits)
{
    if (v == 0)
        return QStringLiteral("0");
    const int magnitude = int(std::floor(std::log10(std::abs(v))));
    const int decimals = std::clamp(digits - 1 - magnitude, 0, 9);
    QString s = QLocale::c().toString(v, 'f', decimals);
    if (decimals > 0) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

QLocale separated()
{
    QLocale l = QLocale::c();
    l.setNumberOptions(QLocale::DefaultNumberOptions); // the C locale omits group separators by default
    return l;
}
} // namespace

QString answerLabel(int kind)
{
    if (kind >= coro::kAnswerKinds)
        return QStringLiteral("unfinished");
    return QString::fromLatin1(coro::answerKey(coro::Answer(kind))).replace(QLatin1Char('_'), QLatin1Char(' '));
}

QString formatNumber(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    if (value == std::round(value) && std::abs(value) < 1e15)
        return separated().toString(qlonglong(value));
    if (std::abs(value) >= 1000)
        return separated().toString(value, 'f', 1);
    return significant(value, 3);
}

QString formatSeconds(double s)
{
    if (!std::isfinite(s))
        return QStringLiteral("–");
    const double a = std::abs(s);
    if (a == 0)
        return QStringLiteral("0 s");
    if (a < 1e-3)
        return significant(s * 1e6, 3) + QStringLiteral(" µs");
    if (a < 1)
        return significant(s * 1e3, 3) + QStringLiteral(" ms");
    if (a < 120)
        return significant(s, 3) + QStringLiteral(" s");
    if (a < 2 * 3600)
        return significant(s / 60, 3) + QStringLiteral(" min");
    if (a < 2 * 86400)
        return significant(s / 3600, 3) + QStringLiteral(" h");
    return formatNumber(std::round(s / 86400 * 10) / 10) + QStringLiteral(" days");
}

QString formatMetric(double value, coro::Unit unit)
{
    switch (unit) {
    case coro::Unit::Count: return formatNumber(value);
    case coro::Unit::Seconds: return formatSeconds(value);
    case coro::Unit::Money:
        return (value < 0 ? QStringLiteral("−$") : QStringLiteral("$")) +
               (std::abs(value) >= 0.01 || value == 0 ? separated().toString(std::abs(value), 'f', 2) : significant(std::abs(value), 2));
    case coro::Unit::PerSecond: return formatNumber(std::round(value * 10) / 10) + QStringLiteral("/s");
    case coro::Unit::Ratio: return significant(value, 3) + QStringLiteral("×");
    }
    return formatNumber(value);
}

QString metricLabel(const scenarios::Scenario &scenario, const std::string &id)
{
    if (const coro::MetricSpec *spec = scenario.findMetric(id))
        return QString::fromStdString(spec->label);
    QString s = QString::fromStdString(id);
    for (const char *suffix : {"_s", "_per_s"})
        if (s.endsWith(QLatin1String(suffix)))
            s.chop(int(qstrlen(suffix)));
    return s.replace(QLatin1Char('_'), QLatin1Char(' '));
}

QStringList headlineFacts(const scenarios::Scenario &scenario, const coro::Metrics &metrics)
{
    QStringList facts;
    for (const auto &spec : scenario.metrics)
        if (const auto v = metrics.get(spec.id); spec.headline && v)
            facts << QStringLiteral("%1 <b>%2</b>").arg(QString::fromStdString(spec.label).toHtmlEscaped(), formatMetric(*v, spec.unit));
    return facts;
}

coro::Unit metricUnit(const scenarios::Scenario &scenario, const std::string &id)
{
    if (const coro::MetricSpec *spec = scenario.findMetric(id))
        return spec->unit;
    if (id.ends_with("_per_s"))
        return coro::Unit::PerSecond;
    if (id.ends_with("_s"))
        return coro::Unit::Seconds;
    return coro::Unit::Count;
}

std::vector<std::string> metricOrder(const scenarios::Scenario &scenario, const std::vector<const coro::Metrics *> &runs)
{
    std::vector<std::string> order;
    auto add = [&](const std::string &id) {
        if (std::find(order.begin(), order.end(), id) == order.end())
            order.push_back(id);
    };
    for (const auto &spec : scenario.metrics)
        if (std::any_of(runs.begin(), runs.end(), [&](const coro::Metrics *m) { return m->has(spec.id); }))
            add(spec.id);
    for (const coro::Metrics *m : runs)
        for (const auto &[id, value] : m->values())
            add(id);
    return order;
}

MetricsTable metricsTable(const scenarios::Scenario &scenario, const std::vector<NamedMetrics> &runs)
{
    std::vector<const coro::Metrics *> metrics;
    MetricsTable table;
    for (const auto &run : runs) {
        metrics.push_back(run.metrics);
        table.columns << run.column;
    }
    table.ids = metricOrder(scenario, metrics);
    for (const auto &id : table.ids) {
        const coro::MetricSpec *spec = scenario.findMetric(id);
        table.labels << metricLabel(scenario, id);
        table.headline.push_back(spec && spec->headline);
        QStringList row;
        for (const auto *m : metrics) {
            const auto v = m->get(id);
            row << (v ? formatMetric(*v, metricUnit(scenario, id)) : QStringLiteral("–"));
        }
        table.cells.push_back(row);
    }
    return table;
}

QString MetricsTable::toTsv() const
{
    QStringList lines{(QStringList{QStringLiteral("metric")} + columns).join(QLatin1Char('\t'))};
    for (int r = 0; r < rows(); ++r)
        lines << (QStringList{labels[r] + (headline[std::size_t(r)] ? QStringLiteral(" ★") : QString())} + cells[std::size_t(r)])
                     .join(QLatin1Char('\t'));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace gui
