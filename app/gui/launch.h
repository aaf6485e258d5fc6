// Starting the window: interactively, or to take one picture of it (--screenshot).
#pragma once

#include "scenarios/scenario.h"

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
};

/// Opens the window (or takes the picture) and returns the exit status.
int launch(QApplication &app, const LaunchRequest &request);

} // namespace gui
