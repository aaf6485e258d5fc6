// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Starting the window: interactively, or to take one picture of it (--screenshot).
#pragma once

#include "scenarios/scenario.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <optional>

class QApplication;

namespace gui {

struct LaunchRequest {
    QString screenshot; ///< a .png or .svg path: render the window offscreen and save it; empty: open it
    const scenarios::Scenario *scenario = nullptr;
    std::optional<scenarios::Params> params;
    std::optional<std::uint64_t> seed;
    std::optional<double> at; ///< the moment shown; none: the end
    QSize size{1600, 1000};
    std::optional<bool> dark;
    std::optional<int> tab;   ///< 0 lesson, 1 code, 2 metrics
    std::optional<bool> predict; ///< ask the questions first; none: remembered (a screenshot: off)
    QString sweep;            ///< KEY=FROM:TO:N: picture the sweep dialog after it ran
    QString sweepMetric;      ///< and chart this metric too
    bool guide = false;       ///< open on the guide's principles, checklist and takeaways
    int pickVariant = -1;     ///< with pickRequest: the task picked, as a press on its lane does
    qint64 pickRequest = -1;
    std::optional<std::uint64_t> maxEvents; ///< the run's event budget (--max-events); none: the default
    std::optional<QByteArray> lab;          ///< a lab file's contents (checked): open the Lab on it
};

/// Opens the window (or takes the picture) and returns the exit status.
int launch(QApplication &app, const LaunchRequest &request);

} // namespace gui
