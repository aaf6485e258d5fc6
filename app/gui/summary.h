// The summary strip: the variants side by side on the practice's headline metrics first (the
// ones that teach it), then a few more, each compared with the first variant and coloured
// better or worse ("4.8× faster"). No ratio against zero or against a variant that completed
// nothing: the value stands alone, and the strip says why.
#pragma once

#include <QString>

namespace gui {

struct Simulation;

/// "4.8× faster", "12× fewer", "+5", "same": value against base, lower being better unless
/// higherIsBetter; better/worse name the direction ("faster"/"slower").
QString ratioText(double base, double value, const QString &better, const QString &worse, bool higherIsBetter);

/// The strip as rich text: a row per variant, a column per metric shown: every headline
/// metric, then up to maxColumns in all.
QString summaryHtml(const Simulation &simulation, bool dark, int maxColumns = 6);

} // namespace gui
