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

} // namespace gui
