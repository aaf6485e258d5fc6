// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Numbers as a reader wants them, for the window and the command line alike: no scientific
// notation, thousands separators, the unit shown ("1.2 s", "340 ms", "$0.27", "20.2/s").
#pragma once

#include "engine/spec.h"

#include <QString>
#include <QStringList>

#include <string>
#include <vector>

namespace coro {
class Metrics;
}
namespace scenarios {
struct Scenario;
}

namespace gui {

/// A metric's value in its unit.
QString formatMetric(double value, coro::Unit unit);
/// A duration in seconds: µs, ms, s, min, h or days, three significant digits at most.
QString formatSeconds(double seconds);
/// A plain number: whole numbers with thousands separators, others with up to 3 decimals.
QString formatNumber(double value);
/// A kind of answer (coro::Answer) for readers: "ok", "timed out"...; kind kAnswerKinds is
/// "unfinished".
QString answerLabel(int kind);

/// The label of metric `id` in this scenario ("p99 latency"); an undeclared one is spelled out.
QString metricLabel(const scenarios::Scenario &scenario, const std::string &id);
/// The scenario's headline metrics in this run, as rich-text facts ("timed out <b>199</b>"),
/// for the headers above a variant's timeline.
QStringList headlineFacts(const scenarios::Scenario &scenario, const coro::Metrics &metrics);

/// The unit of metric `id`: declared, else read from its name ("_s", "_per_s").
coro::Unit metricUnit(const scenarios::Scenario &scenario, const std::string &id);
/// The metric ids any of the runs reports: the scenario's declared ones first, in their order,
/// then the rest in the order the runs set them.
std::vector<std::string> metricOrder(const scenarios::Scenario &scenario, const std::vector<const coro::Metrics *> &runs);

/// The metrics of several runs as text: one row per metric (metricOrder), one column per run.
/// The Metrics tab, its "Copy table" and the command line's table all show this one.
struct MetricsTable {
    std::vector<std::string> ids; ///< a row's metric id (the name in the JSON)
    QStringList labels;           ///< a row's label
    std::vector<bool> headline;   ///< a row teaches the practice's lesson
    QStringList columns;          ///< a column's run
    std::vector<QStringList> cells; ///< [row][column], formatted; "–" where the run lacks it

    int rows() const { return int(ids.size()); }
    /// Tab-separated, a header line first, headline rows marked with ★: for a spreadsheet.
    QString toTsv() const;
};
struct NamedMetrics {
    QString column;
    const coro::Metrics *metrics;
};
MetricsTable metricsTable(const scenarios::Scenario &scenario, const std::vector<NamedMetrics> &runs);

} // namespace gui
