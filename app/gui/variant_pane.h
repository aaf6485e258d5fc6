// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// One variant of the scenario: a header (role, name, key numbers), its task timeline and its
// charts, all on the time axis every pane shares; a latency histogram at the side.
#pragma once

#include "charts.h"

#include <QFrame>

#include <memory>
#include <vector>

class QLabel;

namespace scenarios {
struct Scenario;
}

namespace gui {

struct Simulation;
class TimelineView;

class VariantPane : public QFrame {
    Q_OBJECT
public:
    VariantPane(const scenarios::Scenario &scenario, int index, const std::vector<SignalGroup> &groups,
                QWidget *parent = nullptr);

    /// groupMax: the highest value of each signal group over all variants (a shared y axis).
    void setSimulation(std::shared_ptr<const Simulation> simulation, const std::vector<double> &groupMax,
                       double latencyMax, double cursor);
    void setCursorTime(double seconds);
    void setWindow(double from, double to);
    void setDark(bool dark, bool presentation);

    TimelineView *timeline() const { return timeline_; }
    const std::vector<TimeChart *> &charts() const { return charts_; }
    LatencyChart *latency() const { return latency_; }
    OutcomesChart *outcomes() const { return outcomes_; }
    QString headerText() const;
    /// Hides the figures in the header and the verdicts on the timeline.
    void setVeiled(bool veiled);

Q_SIGNALS:
    void cursorDragged(double seconds);

private:
    void alignTimeAxes();

    const scenarios::Scenario &scenario_;
    int index_;
    QLabel *header_ = nullptr;
    TimelineView *timeline_ = nullptr;
    std::vector<TimeChart *> charts_;
    LatencyChart *latency_ = nullptr;
    OutcomesChart *outcomes_ = nullptr;
    std::shared_ptr<const Simulation> simulation_;
    bool dark_ = false;
    bool veiled_ = false;
};

} // namespace gui
