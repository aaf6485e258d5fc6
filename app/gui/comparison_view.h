// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The comparison layout (the window's default): every variant of a practice at once on one
// time axis. A compact timeline per variant, lanes sized to fit, under a one-line header that
// names it in its colour and says when it ended early; then one chart per signal with a line
// per variant, in the variants' colours and dashes, against the reference lines.
#pragma once

#include "signal_group.h"

#include <QWidget>

#include <memory>
#include <vector>

class QBoxLayout;
class QGridLayout;
class QLabel;

namespace scenarios {
struct Scenario;
}

namespace gui {

struct Simulation;
class PercentileChart;
class TimeChart;
class TimelineView;

class ComparisonView : public QWidget {
    Q_OBJECT
public:
    ComparisonView(const scenarios::Scenario &scenario, const std::vector<SignalGroup> &groups, QWidget *parent = nullptr);

    /// signalMax: the highest value of each chart's signal over all variants, references included.
    void setSimulation(std::shared_ptr<const Simulation> simulation, const std::vector<double> &signalMax, double cursor);
    void setCursorTime(double seconds);
    void setWindow(double from, double to);
    void setDark(bool dark, bool presentation);

    const std::vector<TimelineView *> &timelines() const { return timelines_; }
    const std::vector<TimeChart *> &charts() const { return charts_; }
    /// The signal each chart shows, in chart order.
    const std::vector<coro::SignalSpec> &chartSignals() const { return signals_; }
    QString headerText(int variant) const;
    /// The variant's story up to the cursor: the marks at or before it, oldest first.
    QStringList storySoFar(int variant) const;
    void updateHeaders();
    /// Hides the figures and the story in the headers and the verdicts on the timelines.
    /// The percentile plot of the successes' latency, when the scenario has one.
    PercentileChart *percentileChart() const { return percentiles_; }
    void setVeiled(bool veiled);
    /// The height the view is shown in (a scroll area's viewport, followed as it resizes):
    /// when the charts cannot all fit, the timelines keep enough height to read and the
    /// charts scroll instead.
    void followViewport(QWidget *viewport);
    void fitHeight(int available);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    /// The headers' stories are elided to their width: a new width rewrites them.
    void resizeEvent(QResizeEvent *event) override;

Q_SIGNALS:
    void cursorDragged(double seconds);

private:
    void alignTimeAxes();
    void arrange(int columns, bool compact);
    bool legendsShown(int columns, bool compact) const;
    std::vector<QWidget *> shownCharts() const; ///< the charts this run shows, in order
    QString compactHeaderText(int variant) const;
    int compactNameWidth() const;

    const scenarios::Scenario &scenario_;
    std::vector<coro::SignalSpec> signals_;
    std::vector<QLabel *> headers_;
    std::vector<int> shownMarks_; ///< per variant, how many marks its header's story has told
    double cursor_ = 0;
    std::vector<TimelineView *> timelines_;
    std::vector<TimeChart *> charts_;
    std::shared_ptr<const Simulation> simulation_;
    bool dark_ = false;
    bool veiled_ = false;
    bool manyVariants_ = false; ///< more than five: the charts always stand in a row
    int columns_ = 0;           ///< the charts' columns: 1, one above the other
    std::vector<QWidget *> placed_; ///< the charts in the grid, in order
    bool compact_ = false;      ///< each variant's name beside its timeline, not above it
    int available_ = 0;         ///< the height last fitted to
    std::vector<QBoxLayout *> rows_; ///< per variant, its header and timeline
    QGridLayout *chartGrid_ = nullptr;
    PercentileChart *percentiles_ = nullptr; ///< when the scenario asks for one
    double windowTo_ = 0; ///< the right edge of the time axis when zoomed (0: the run's end)
};

} // namespace gui
