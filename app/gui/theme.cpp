// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "theme.h"

#include "scenarios/scenario.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace gui {

namespace {
// Okabe & Ito, "Color Universal Design" (2008).
constexpr QRgb kOrange = 0xE69F00, kSky = 0x56B4E9, kGreen = 0x009E73, kYellow = 0xF0E442, kBlue = 0x0072B2,
               kVermillion = 0xD55E00, kPurple = 0xCC79A7;

Theme makeTheme(bool dark)
{
    Theme t;
    t.dark = dark;
    t.background = dark ? QColor(QRgb(0x1e1f22)) : QColor(QRgb(0xffffff));
    t.panel = dark ? QColor(QRgb(0x2b2d30)) : QColor(QRgb(0xf3f4f6));
    t.text = dark ? QColor(QRgb(0xe6e6e6)) : QColor(QRgb(0x1f2328));
    t.mutedText = dark ? QColor(QRgb(0xa0a4aa)) : QColor(QRgb(0x59606a));
    t.grid = dark ? QColor(QRgb(0x3c3f44)) : QColor(QRgb(0xdde1e6));
    t.cursor = dark ? QColor(QRgb(0xffffff)) : QColor(QRgb(0x000000));
    t.roleBad = QColor(kVermillion);
    t.roleGood = dark ? QColor(QRgb(0x2fbf8f)) : QColor(kGreen);
    t.roleNeutral = QColor(kOrange);
    return t;
}
} // namespace

LaneState laneState(coro::WaitKind kind)
{
    using coro::WaitKind;
    switch (kind) {
    case WaitKind::Io: return LaneState::Io;
    case WaitKind::Hung: return LaneState::Hung;
    case WaitKind::Queue: return LaneState::Queue;
    case WaitKind::Backoff: return LaneState::Backoff;
    case WaitKind::Sleep:
    case WaitKind::Arrival: return LaneState::Sleep;
    case WaitKind::Event:
    case WaitKind::Channel:
    case WaitKind::Join: return LaneState::Waiting;
    case WaitKind::Cpu: return LaneState::Cpu;
    case WaitKind::BlockedLoop: return LaneState::BlockedLoop;
    }
    return LaneState::Waiting;
}

LaneState laneState(coro::TaskOutcome outcome)
{
    using coro::TaskOutcome;
    switch (outcome) {
    case TaskOutcome::None: break;
    case TaskOutcome::TimedOut: return LaneState::TimedOut;
    case TaskOutcome::Refused: return LaneState::Refused;
    case TaskOutcome::Failed: return LaneState::Failed;
    case TaskOutcome::Cancelled: return LaneState::Cancelled;
    case TaskOutcome::Unretrieved: return LaneState::Unretrieved;
    case TaskOutcome::Orphaned: return LaneState::Orphaned;
    }
    return LaneState::Running;
}

const char *laneStateLabel(LaneState state)
{
    switch (state) {
    case LaneState::Running: return "running or ready";
    case LaneState::Io: return "waiting on I/O";
    case LaneState::Hung: return "waiting on a hung service";
    case LaneState::Queue: return "queued (a permit, a token, a connection, a batch)";
    case LaneState::Backoff: return "in backoff";
    case LaneState::Sleep: return "sleeping";
    case LaneState::Waiting: return "waiting on other tasks";
    case LaneState::Cpu: return "CPU work on a worker";
    case LaneState::BlockedLoop: return "blocking the loop";
    case LaneState::TimedOut: return "timed out";
    case LaneState::Refused: return "refused (breaker, limiter, 429)";
    case LaneState::Failed: return "failed";
    case LaneState::Unretrieved: return "exception never retrieved";
    case LaneState::Cancelled: return "cancelled";
    case LaneState::Orphaned: return "orphaned at exit";
    case LaneState::Count: break;
    }
    return "?";
}

QColor Theme::stateColor(LaneState state) const
{
    switch (state) {
    case LaneState::Running: return QColor(kGreen);
    case LaneState::Io: return QColor(kBlue).lighter(dark ? 150 : 100);
    case LaneState::Queue: return QColor(kOrange);
    case LaneState::Backoff: return QColor(kPurple);
    case LaneState::Sleep: return QColor(kSky);
    case LaneState::Waiting: return dark ? QColor(QRgb(0x5f646b)) : QColor(QRgb(0xb8bdc4));
    case LaneState::Cpu: return QColor(kYellow);
    case LaneState::BlockedLoop: return QColor(kVermillion);
    case LaneState::Hung: return dark ? QColor(QRgb(0x9c6b3c)) : QColor(QRgb(0x6b3e10));
    case LaneState::TimedOut: return dark ? QColor(QRgb(0xffb000)) : QColor(QRgb(0xa35f00));
    case LaneState::Refused: return dark ? QColor(QRgb(0xb48cff)) : QColor(QRgb(0x5b2a9e));
    case LaneState::Failed: return dark ? QColor(QRgb(0xff4d4d)) : QColor(QRgb(0xb00020));
    case LaneState::Unretrieved: return dark ? QColor(QRgb(0xff66d9)) : QColor(QRgb(0xd4009a));
    case LaneState::Cancelled: return dark ? QColor(QRgb(0xffffff)) : QColor(QRgb(0x000000));
    case LaneState::Orphaned: return dark ? QColor(QRgb(0x7fd6d0)) : QColor(QRgb(0x006d68));
    case LaneState::Count: break;
    }
    return text;
}

QColor Theme::answerColor(int kind) const
{
    switch (kind) {
    case int(coro::Answer::Ok): return roleGood;
    case int(coro::Answer::Failed): return stateColor(LaneState::Failed);
    case int(coro::Answer::TimedOut): return stateColor(LaneState::TimedOut);
    case int(coro::Answer::Refused): return stateColor(LaneState::Refused);
    case int(coro::Answer::Fallback): return stateColor(LaneState::Sleep);
    case int(coro::Answer::Cancelled): return stateColor(LaneState::Waiting);
    default: return stateColor(LaneState::Hung); // unfinished: still waiting
    }
}

QColor Theme::roleColor(scenarios::Role role) const
{
    switch (role) {
    case scenarios::Role::Bad: return roleBad;
    case scenarios::Role::Good: return roleGood;
    case scenarios::Role::Neutral: break;
    }
    return roleNeutral;
}

// Chart lines never pass for a timeline state: every colour below is at least ΔE 20 (CIE76)
// from each state colour of its theme (tst_gui checks). The state colours take the
// Okabe-Ito blues, greens and oranges, so good variants are green first (as the GOOD label),
// then blue-violet and slate; bad ones pink-red; neutral ones olive.
QColor Theme::seriesColor(int i) const
{
    static constexpr QRgb light[] = {0x2233DD, 0xAA3377, 0x449900, 0x999933, 0x880044, 0x5D6D7E};
    static constexpr QRgb darkened[] = {0xBB55FF, 0xFF3388, 0x66DD66, 0xCCCC88, 0xFFAA99, 0xBBBBBB};
    return QColor(dark ? darkened[i % 6] : light[i % 6]);
}

QColor Theme::variantColor(scenarios::Role role, int rank) const
{
    static constexpr QRgb bad[2][2] = {{0xEE3377, 0x880044}, {0xFF3388, 0xFFAA99}};
    static constexpr QRgb neutral[2][2] = {{0x999933, 0xAA8844}, {0xCCCC88, 0xD9A066}};
    static constexpr QRgb good[2][3] = {{0x449900, 0x2233DD, 0x5D6D7E}, {0x66DD66, 0xBB55FF, 0xBBBBBB}};
    const int d = dark ? 1 : 0;
    switch (role) {
    case scenarios::Role::Bad: return QColor(bad[d][rank % 2]);
    case scenarios::Role::Neutral: return QColor(neutral[d][rank % 2]);
    case scenarios::Role::Good: return QColor(good[d][rank % 3]);
    }
    return QColor(good[d][0]);
}

Qt::PenStyle Theme::variantDash(int index)
{
    static constexpr Qt::PenStyle styles[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
    return styles[index % 5];
}

int roleRank(const scenarios::Scenario &scenario, int index)
{
    int rank = 0;
    for (int i = 0; i < index; ++i)
        rank += scenario.variants[i].role == scenario.variants[index].role;
    return rank;
}

const Theme &theme(bool dark)
{
    static const Theme light = makeTheme(false), darkTheme = makeTheme(true);
    return dark ? darkTheme : light;
}

void applyTheme(QApplication &app, bool dark)
{
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const Theme &t = theme(dark);
    QPalette p;
    if (dark) {
        p.setColor(QPalette::Window, t.panel);
        p.setColor(QPalette::WindowText, t.text);
        p.setColor(QPalette::Base, t.background);
        p.setColor(QPalette::AlternateBase, t.panel);
        p.setColor(QPalette::ToolTipBase, t.panel);
        p.setColor(QPalette::ToolTipText, t.text);
        p.setColor(QPalette::Text, t.text);
        p.setColor(QPalette::Button, QColor(QRgb(0x35373b)));
        p.setColor(QPalette::ButtonText, t.text);
        p.setColor(QPalette::BrightText, Qt::white);
        p.setColor(QPalette::Highlight, QColor(QRgb(0x2f6fb7)));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(kSky));
        p.setColor(QPalette::PlaceholderText, t.mutedText);
        p.setColor(QPalette::Mid, QColor(QRgb(0x44474c)));
        p.setColor(QPalette::Dark, QColor(QRgb(0x18191b)));
        p.setColor(QPalette::Light, QColor(QRgb(0x4a4d52)));
        for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
            p.setColor(QPalette::Disabled, role, t.mutedText);
    } else {
        p = app.style()->standardPalette();
        p.setColor(QPalette::Window, t.panel);
        p.setColor(QPalette::Base, t.background);
        p.setColor(QPalette::Text, t.text);
        p.setColor(QPalette::WindowText, t.text);
        p.setColor(QPalette::Highlight, QColor(kBlue));
    }
    app.setPalette(p);
}

QColor Theme::bandFill(int alpha) const
{
    QColor fill = dark ? text : roleBad;
    fill.setAlpha(dark ? alpha * 2 / 3 : alpha);
    return fill;
}

} // namespace gui
