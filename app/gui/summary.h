// The summary strip: the variants side by side on the numbers that matter (makespan, p99,
// errors, calls, cost, loop lag), each against the first variant as a ratio ("4.8× faster").
#pragma once

#include <QString>

namespace gui {

struct Simulation;

/// "4.8× faster", "12× fewer", "+5", "same": value against base, lower being better unless
/// higherIsBetter; better/worse name the direction ("faster"/"slower").
QString ratioText(double base, double value, const QString &better, const QString &worse, bool higherIsBetter);

/// The strip as rich text: a row per variant, a column per metric that any variant has.
QString summaryHtml(const Simulation &simulation, bool dark);

} // namespace gui
