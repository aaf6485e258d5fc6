// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The guide's principles, checklist and takeaways as a page of the window. Its text
// (resources/guide/checklist.md) is Markdown with two additions, filled in when shown:
// - `{{ID:METRIC}}` names the practice that shows an item and the metric that shows it; it
//   reads as a link to the practice and the metric measured in its default run, first bad
//   variant against last good one: "4. Limit concurrency…: timed out 199 → 0".
//   `{{ID/VARIANT:METRIC}}` is one variant's figure alone.
// - A list item that starts with `[ ]` can be ticked; the ticks are the caller's to keep.
#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <set>
#include <string>

namespace scenarios {
struct Scenario;
struct Variant;
} // namespace scenarios

namespace gui {

/// A metric of a variant in a practice's default run (none when the run lacks it).
using FigureSource = std::function<std::optional<double>(const scenarios::Scenario &, const scenarios::Variant &, const std::string &metric)>;

/// The default runs (seed 1), each run once and kept.
FigureSource defaultRunFigures();

struct GuidePage {
    QString markdown;       ///< ready for QTextBrowser::setMarkdown
    QStringList items;      ///< the tickable items' keys, in page order
    QStringList problems;   ///< placeholders that name no practice, variant or metric
};

/// An item's key: its first words, lower case, joined by '-' (stable while its text starts so).
QString itemKey(const QString &itemText);

GuidePage renderGuide(const QString &source, const std::set<QString> &ticked, const FigureSource &figures);

} // namespace gui
