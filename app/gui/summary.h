// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The summary strip: the variants side by side, each with the breakdown of its requests'
// outcomes (a small stacked bar and its counts, always shown), then the practice's headline
// metrics (the ones that teach it), then a few more, each compared with the first variant that
// completed anything and coloured better or worse ("4.8× faster"). No ratio against zero: the
// value stands alone, and the strip says which variant is the yardstick. A headline bought with
// another bad outcome (fewer failures, as many more refusals) is not coloured better: the strip
// says what it traded.
#pragma once

#include <QString>

namespace scenarios {
struct Outcomes;
}

namespace gui {

struct Simulation;

/// "4.8× faster", "12× fewer", "+5", "same": value against base, lower being better unless
/// higherIsBetter; better/worse name the direction ("faster"/"slower").
QString ratioText(double base, double value, const QString &better, const QString &worse, bool higherIsBetter);

/// Whether a good variant pays a real price on some metric that is not a headline (worse by
/// half again or more than the yardstick): the strip then keeps one such column however narrow.
bool hasPrice(const Simulation &simulation);

/// "352 ok · 14 failed · 232 refused": the kinds that occurred, in the order of coro::Answer,
/// unfinished last.
QString outcomeWords(const scenarios::Outcomes &outcomes);

/// How the strip shows the outcomes, from the widest to the narrowest.
enum class OutcomeLayout {
    Counts,   ///< a column: the bar, then every kind's count in words ("352 ok · 14 failed")
    Bar,      ///< a column: the bar, then the counts other than ok, in their kinds' colours
    BarOnly,  ///< a column: the bar alone (the counts are in the Metrics tab and the JSON)
    BeforeName ///< a small bar alone before the variant's name, no column of its own, and the
               ///< comparisons told by the values' colour alone
};

/// The strip as rich text: a row per variant with its outcomes, a column per metric shown:
/// every headline metric, then up to maxColumns in all.
QString summaryHtml(const Simulation &simulation, bool dark, int maxColumns = 6,
                    OutcomeLayout outcomes = OutcomeLayout::Counts);

} // namespace gui
