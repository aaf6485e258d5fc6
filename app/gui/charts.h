// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The scenario's signals as Qt Charts: step lines over the shared time axis, downsampled to
// about two points per pixel column (the recorder keeps full resolution), revealed up to the
// time cursor; and a latency histogram with p50/p95/p99 marks.
#pragma once

#include "signal_group.h"

#include "scenarios/scenario.h"

#include <QChartView>
#include <QPointF>

#include <memory>
#include <string>
#include <vector>

class QValueAxis;
class QLineSeries;
class QAbstractAxis;
class QGraphicsRectItem;

namespace coro {
struct Gauge;
}

namespace gui {

struct Simulation;
class TimelineView;

/// A step function's points over the window [from, to], at most about two per column: exact
/// when the gauge has few points, else the lowest and highest value of each column. The value
/// carried into the window starts it; nothing after the run's end is drawn.
std::vector<QPointF> stepPoints(const coro::Gauge &gauge, double runEnd, double from, double to, int columns);

/// One line of a chart: a signal as one variant recorded it.
struct ChartLine {
    int variant = 0;
    coro::SignalSpec signal;
    QString name; ///< the legend's text
    int slot = 0; ///< Detail: the series colour; Comparison: the variant's index (its dash)
    scenarios::Role role{}; ///< Comparison: the variant's role and its rank among that role
    int rank = 0;           ///< (warm colours for bad variants, cool for good)
};

/// A round axis top: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten, at least v.
double niceCeil(double v);

/// A time chart of signals: in Detail, one variant's signals sharing a unit (series colours);
/// in Comparison, one signal across every variant (the variants' colours and dashes). Dashed
/// reference lines show the limits the signals are read against. The legend sits outside the
/// plot; clicking an entry hides or shows its line; hovering shows the values at that time.
class TimeChart : public QChartView {
    Q_OBJECT
public:
    enum class Palette { Series, Variants };
    TimeChart(SignalKind kind, std::vector<ChartLine> lines, Palette palette, QWidget *parent = nullptr);

    /// The chart's data; yMax is shared with the charts it is compared with.
    void setSimulation(std::shared_ptr<const Simulation> simulation, double yMax, double cursor);
    void setCursorTime(double seconds);
    /// The visible time range (zoom and pan); the whole run by default.
    void setWindow(double from, double to);
    /// The time range shown now, in seconds.
    std::pair<double, double> shownWindow() const { return {from_, to_}; }
    void setDark(bool dark, bool presentation);
    /// The chart's title; the reference lines' names follow it.
    /// The chart's name and a note after it ("↑ Immediate retry peaks at 8,000/s, off the
    /// top"); the limits drawn are named after both. On a second line where one is too narrow.
    void setTitle(const QString &title, const QString &note = {});
    /// Points handed to Qt Charts across all series (after downsampling and the cursor).
    int pointCount() const;
    /// Data series (not counting reference lines).
    int lineCount() const { return int(series_.size()); }
    /// The dashed reference lines with data (a limit of 0 means none), for tests.
    int referenceCount() const;
    /// Points of each full (uncut) series, for tests.
    const std::vector<std::vector<QPointF>> &fullSeries() const { return full_; }
    /// What the chart says at a time: each line's value ("server in flight: 10").
    QString valuesAt(double seconds) const;
    /// Extra space left of the y axis and right of the plot, so that charts with narrower y
    /// labels or legends line their time axis up with the others; naturalLeft() and
    /// naturalRight() are the plot's distances from the edges without it.
    void setExtraMargins(qreal left, qreal right);
    /// The legend names each line; where the lines' names stand beside the timelines (many
    /// variants in a small window) it can go, and the chart needs only its plot's height.
    void setLegendShown(bool shown);
    /// The least height that holds the title, the plot and, if shown, every legend entry.
    int neededHeight(bool legend) const;
    static constexpr int kMinimumHeight = 100;
    qreal naturalLeft() const;
    qreal naturalRight() const;

Q_SIGNALS:
    void plotAreaChanged();
    /// Ctrl+wheel (factor < 1 zooms in around `at`), a range dragged on the plot, double-click.
    void zoomRequested(double at, double factor);
    void rangeSelected(double from, double to);
    void zoomReset();
    void cursorDragged(double seconds);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    void rebuild();
    void reveal();
    void placeBands();
    void updateTimeTicks();
    double timeTickInterval(double range) const;
    void applyTitle();
    int columns() const;
    double timeAtX(qreal x) const;

    SignalKind kind_;
    std::vector<ChartLine> lines_;
    Palette palette_;
    std::shared_ptr<const Simulation> simulation_;
    double cursor_ = 0;
    double from_ = 0, to_ = 0;         ///< the window shown, in seconds
    double wantFrom_ = 0, wantTo_ = 0; ///< the window asked for; empty: the whole run
    int builtColumns_ = 0;
    QValueAxis *x_ = nullptr;
    QAbstractAxis *y_ = nullptr;
    std::vector<QLineSeries *> series_;
    std::vector<std::vector<QPointF>> full_;
    /// A dashed line per reference (permits, capacity...), across the whole time axis.
    struct Reference {
        std::string signal; ///< the gauge the line belongs to
        coro::ReferenceLine line;
        QLineSeries *series;
    };
    std::vector<Reference> references_;
    QString title_;
    QString note_;   ///< after the title: what it should say about this run
    QString limits_; ///< "grey dashes: permits (10)"
    std::vector<std::pair<double, double>> bands_; ///< outage and hang windows, in seconds
    std::vector<QGraphicsRectItem *> bandItems_;
    double dragFrom_ = -1;  ///< where a range drag started (seconds), -1 when none
    QGraphicsRectItem *band_ = nullptr;
};

class LatencyChart : public QChartView {
    Q_OBJECT
public:
    explicit LatencyChart(QWidget *parent = nullptr);
    /// Histogram of the variant's latency samples on [0, xMax] (shared by all variants).
    void setVariant(std::shared_ptr<const Simulation> simulation, int index, double xMax);
    void setDark(bool dark, bool presentation);
    int sampleCount() const { return samples_; }

private:
    QValueAxis *x_ = nullptr;
    QValueAxis *y_ = nullptr;
    int samples_ = 0;
    bool dark_ = false;
    bool presentation_ = false;
};

/// The successes' latency of every variant as a percentile plot: the percentile on a scale of
/// nines (p0, p50, p90, p99, p99.9, as far as the samples go) across, the latency on a log
/// scale up: the tail, which a linear histogram squashes into its last bin, reads at a glance.
/// One line per variant, in its colour and dash.
class PercentileChart : public QChartView {
    Q_OBJECT
public:
    explicit PercentileChart(const scenarios::Scenario &scenario, QWidget *parent = nullptr);
    void setSimulation(std::shared_ptr<const Simulation> simulation);
    void setDark(bool dark, bool presentation);
    /// The line of variant i: (nines, seconds) points; empty when it had no successes.
    const std::vector<QPointF> &line(int i) const { return lines_.at(std::size_t(i)); }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    const scenarios::Scenario &scenario_;
    std::vector<QLineSeries *> series_;
    std::vector<std::vector<QPointF>> lines_;
    QAbstractAxis *x_ = nullptr;
    QAbstractAxis *y_ = nullptr;
    bool dark_ = false;
    bool presentation_ = false;
};

/// What became of one variant's requests over time: stacked areas, one per kind of answer (ok,
/// fallback, failed, timed out, refused, cancelled) in the timeline's end-mark colours, up to
/// the answers so far; the gap to the dashed line of requests issued is what is unfinished.
class OutcomesChart : public QChartView {
    Q_OBJECT
public:
    explicit OutcomesChart(QWidget *parent = nullptr);
    /// endMax: the time axis's end, shared by every variant.
    void setVariant(std::shared_ptr<const Simulation> simulation, int index, double endMax);
    void setDark(bool dark, bool presentation);
    /// The areas drawn (kinds of answer that occurred).
    int areaCount() const { return areas_; }
    /// Whether some variant of the run answered in more than one way (the chart is worth a look).
    static bool worthShowing(const Simulation &simulation);

private:
    QValueAxis *x_ = nullptr;
    QValueAxis *y_ = nullptr;
    int areas_ = 0;
    bool dark_ = false;
    bool presentation_ = false;
    std::shared_ptr<const Simulation> simulation_;
    int index_ = 0;
    double endMax_ = 0;
};

/// Pads the charts so that they, and the timelines, share one time axis.
void alignTimeAxes(const std::vector<TimeChart *> &charts, const std::vector<TimelineView *> &timelines);

/// Styles a chart for the theme (background, labels, grid).
void styleChart(QChart *chart, bool dark, bool presentation);

} // namespace gui
