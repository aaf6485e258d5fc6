// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Colours and fonts of the window: light and dark themes, and the task-state palette, built
// on the Okabe-Ito set so the states stay distinguishable with the common colour-vision
// deficiencies. Every widget asks here; none hard-codes a colour.
#pragma once

#include "engine/recorder.h"
#include "engine/waiter.h"

#include <QColor>
#include <Qt>

class QApplication;

namespace scenarios {
enum class Role; // scenario.h
struct Scenario;
}

namespace gui {

/// What a timeline shows: a segment per wait kind (and running), then a mark at the end of a
/// task for each way its work can end badly.
enum class LaneState : unsigned char {
    Running,
    Io,
    Hung, ///< waiting on a service that does not answer
    Queue,
    Backoff,
    Sleep,
    Waiting, ///< on another task, an event or a channel
    Cpu,
    BlockedLoop,
    // End marks.
    TimedOut,
    Refused,
    Failed,
    Unretrieved, ///< failed, and nobody retrieved the exception
    Cancelled,
    Orphaned, ///< still running when the program exited
    Count
};
constexpr LaneState kFirstEndMark = LaneState::TimedOut;

LaneState laneState(coro::WaitKind kind);
/// The end mark of an outcome; Running for none.
LaneState laneState(coro::TaskOutcome outcome);
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
    /// The tint of an outage or hang window behind timelines and charts: the bad role's, or in
    /// the dark theme a light haze (a dark orange tint is the brown of a hung request's bar).
    QColor bandFill(int alpha) const;
    QColor stateColor(LaneState state) const;
    QColor roleColor(scenarios::Role role) const;
    /// The colour of a kind of answer (coro::Answer) in the outcome bars and charts, the
    /// timeline's end mark's where it has one; kind kAnswerKinds is "unfinished".
    QColor answerColor(int kind) const;
    /// The i-th series colour of a chart: never one of the timeline's state colours.
    QColor seriesColor(int i) const;
    /// A variant's colour in the comparison charts and the summary: warm for bad variants,
    /// ochre for neutral ones, cool for good ones; rank tells same-role variants apart.
    QColor variantColor(scenarios::Role role, int rank) const;
    /// A variant's line style by its index (solid, dashed, dotted...): equal lines stay apart.
    static Qt::PenStyle variantDash(int index);
};

const Theme &theme(bool dark);
/// How many variants before `index` in the scenario share its role.
int roleRank(const scenarios::Scenario &scenario, int index);
/// Fusion style with the theme's palette, application-wide.
void applyTheme(QApplication &app, bool dark);

} // namespace gui
