// The scenario's signals as Qt Charts: step lines over the shared time axis, downsampled to
// about two points per pixel column (the recorder keeps full resolution), revealed up to the
// time cursor; and a latency histogram with p50/p95/p99 marks.
#pragma once

#include "signal_group.h"

#include <QChartView>
#include <QPointF>

#include <memory>
#include <string>
#include <vector>

class QValueAxis;
class QLineSeries;
class QAbstractAxis;

namespace coro {
struct Gauge;
}

namespace gui {

struct Simulation;

/// A step function's points, at most about two per column over [0, xMax]: exact when the
/// gauge has few points, else the lowest and highest value of each column.
std::vector<QPointF> stepPoints(const coro::Gauge &gauge, double runEnd, double xMax, int columns);

class TimeChart : public QChartView {
    Q_OBJECT
public:
    explicit TimeChart(const SignalGroup &group, QWidget *parent = nullptr);

    /// The chart's data: the group's gauges in that variant; yMax is shared by all variants.
    void setVariant(std::shared_ptr<const Simulation> simulation, int index, double yMax, double cursor);
    void setCursorTime(double seconds);
    void setDark(bool dark, bool presentation);
    /// Points handed to Qt Charts across all series (after downsampling and the cursor).
    int pointCount() const;
    /// The dashed reference lines with data (a limit of 0 means none), for tests.
    int referenceCount() const;
    /// Points of each full (uncut) series, for tests.
    const std::vector<std::vector<QPointF>> &fullSeries() const { return full_; }
    /// Extra space left of the y axis, so that charts with narrower y labels line their time
    /// axis up with the others; naturalLeft() is where the plot would start without it.
    void setExtraLeft(qreal extra);
    qreal naturalLeft() const;

Q_SIGNALS:
    void plotAreaChanged();

private:
    void rebuild();
    void reveal();
    int columns() const;

    SignalGroup group_;
    std::shared_ptr<const Simulation> simulation_;
    int index_ = 0;
    double cursor_ = 0;
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

/// Styles a chart for the theme (background, labels, grid).
void styleChart(QChart *chart, bool dark, bool presentation);

} // namespace gui
