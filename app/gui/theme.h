// Colours and fonts of the window: light and dark themes, and the task-state palette, built
// on the Okabe-Ito set so the states stay distinguishable with the common colour-vision
// deficiencies. Every widget asks here; none hard-codes a colour.
#pragma once

#include "engine/waiter.h"

#include <QColor>

class QApplication;

namespace scenarios {
enum class Role; // scenario.h
}

namespace gui {

/// What a timeline segment shows: the wait kinds, plus running and the two bad endings.
enum class LaneState : unsigned char {
    Running,
    Io,
    Queue,
    Backoff,
    Sleep,
    Waiting, ///< on another task, an event or a channel
    Cpu,
    BlockedLoop,
    Failed,
    Cancelled,
    Count
};

LaneState laneState(coro::WaitKind kind);
const char *laneStateLabel(LaneState state);

struct Theme {
    bool dark = false;
    QColor background;
    QColor panel;
    QColor text;
    QColor mutedText;
    QColor grid;
    QColor cursor;
    QColor roleBad;
    QColor roleGood;
    QColor roleNeutral;
    QColor stateColor(LaneState state) const;
    QColor roleColor(scenarios::Role role) const;
    /// The i-th series colour of a chart.
    QColor seriesColor(int i) const;
};

const Theme &theme(bool dark);
/// Fusion style with the theme's palette, application-wide.
void applyTheme(QApplication &app, bool dark);

} // namespace gui
