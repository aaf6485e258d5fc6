// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "charts.h"

#include "simulation.h"
#include "timeline_view.h"
#include "format.h"
#include "theme.h"

#include "engine/metrics.h"
#include "engine/recorder.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QGraphicsLayout>
#include <QGraphicsRectItem>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

SignalKind kindOf(const coro::SignalSpec &signal)
{
    if (signal.isState())
        return SignalKind::State;
    switch (signal.unit) {
    case coro::Unit::Seconds: return SignalKind::Seconds;
    case coro::Unit::PerSecond: return SignalKind::Rate;
    default: return SignalKind::Count;
    }
}


QString shortDuration(double s)
{
    auto fixed = [](double v) { return QString::number(v, 'f', v < 10 ? 1 : 0); };
    if (s < 1e-3)
        return fixed(s * 1e6) + QStringLiteral(" µs");
    if (s < 1)
        return fixed(s * 1e3) + QStringLiteral(" ms");
    return fixed(s) + QStringLiteral(" s");
}

/// p50, p95, p99 marks: 1, 2, 3.
QColor markColor(int mark)
{
    static const QRgb colors[] = {0x009E73, 0xE69F00, 0xD55E00};
    return QColor(colors[std::clamp(mark - 1, 0, 2)]);
}

QPen seriesPen(const QColor &color, bool presentation) { return QPen(color, presentation ? 3.0 : 1.6); }

} // namespace

double niceCeil(double v)
{
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0})
        if (m * p >= v * (1 - 1e-9))
            return m * p;
    return 10 * p;
}

std::vector<SignalGroup> groupSignals(const std::vector<coro::SignalSpec> &declared)
{
    std::vector<SignalGroup> groups;
    for (const auto &signal : declared) {
        const SignalKind kind = kindOf(signal);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const SignalGroup &g) { return g.kind == kind && kind != SignalKind::State; });
        if (it == groups.end())
            groups.push_back({kind, {signal}});
        else
            it->members.push_back(signal);
    }
    return groups;
}

std::optional<double> referenceValue(const coro::ReferenceLine &line, const scenarios::Params &params, double t)
{
    auto number = [&](const std::string &id) -> std::optional<double> {
        const auto it = params.numbers().find(id);
        return it == params.numbers().end() ? std::nullopt : std::optional(it->second);
    };
    const std::optional<double> v = line.parameter.empty() ? std::optional(line.value) : number(line.parameter);
    if (!v || *v <= 0)
        return std::nullopt;
    if (line.slopeParameter.empty())
        return v;
    const auto slope = number(line.slopeParameter);
    return slope ? std::optional(*v + *slope * t) : std::nullopt;
}

std::vector<QPointF> stepPoints(const coro::Gauge &gauge, double runEnd, double from, double to, int columns)
{
    std::vector<QPointF> out;
    const auto &pts = gauge.points;
    const double end = std::min(runEnd, to);
    if (pts.empty() || end <= from) {
        if (end > from)
            out = {{from, 0}, {end, 0}};
        return out;
    }
    columns = std::max(columns, 1);
    // The value carried into the window, and the first point inside it.
    std::size_t i = 0;
    double carried = 0;
    while (i < pts.size() && coro::toSeconds(pts[i].time) <= from) {
        carried = pts[i].value;
        ++i;
    }
    std::size_t last = i;
    while (last < pts.size() && coro::toSeconds(pts[last].time) < end)
        ++last;
    if (int(last - i) <= columns) {
        out.reserve((last - i) * 2 + 2);
        out.emplace_back(from, carried);
        double prev = carried;
        for (; i < last; ++i) {
            const double t = coro::toSeconds(pts[i].time);
            out.emplace_back(t, prev);
            out.emplace_back(t, pts[i].value);
            prev = pts[i].value;
        }
        out.emplace_back(end, prev);
        return out;
    }
    // Lowest and highest value per column, including the value carried into it.
    out.reserve(std::size_t(columns) * 2 + 2);
    const double width = (to - from) / columns;
    for (int c = 0; c < columns && i < last; ++c) {
        const double c0 = from + c * width, c1 = from + (c + 1) * width;
        if (c0 > end)
            break;
        double lo = carried, hi = carried;
        bool highFirst = false, seen = false;
        while (i < last && coro::toSeconds(pts[i].time) < c1) {
            const double v = pts[i].value;
            if (v > hi) {
                hi = v;
                if (!seen)
                    highFirst = true;
            }
            if (v < lo)
                lo = v;
            seen = true;
            carried = v;
            ++i;
        }
        if (lo == hi) {
            out.emplace_back(c0, lo);
        } else {
            out.emplace_back(c0, highFirst ? hi : lo);
            out.emplace_back(c0 + width * 0.5, highFirst ? lo : hi);
        }
        if (carried != out.back().y())
            out.emplace_back(std::min(c1, end), carried);
    }
    out.emplace_back(end, carried);
    return out;
}

void styleChart(QChart *chart, bool dark, bool presentation)
{
    const Theme &t = theme(dark);
    chart->setBackgroundBrush(t.background);
    chart->setBackgroundRoundness(0);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(t.text);
    QFont small = chart->font();
    small.setPointSizeF(presentation ? 11.5 : 8.0);
    chart->legend()->setFont(small);
    chart->legend()->setLabelColor(t.text);
    QColor legendBack = t.background;
    legendBack.setAlpha(200);
    chart->legend()->setBrush(legendBack);
    chart->legend()->setPen(Qt::NoPen);
    for (QAbstractAxis *axis : chart->axes()) {
        axis->setLabelsFont(small);
        axis->setLabelsColor(t.mutedText);
        axis->setGridLineColor(t.grid);
        axis->setLinePenColor(t.grid);
        axis->setTitleBrush(t.mutedText);
        QFont titleFont = small;
        axis->setTitleFont(titleFont);
    }
}

namespace {
// QChartView::setChart() releases the chart it had (the default one its constructor made)
// without freeing it.
void replaceChart(QChartView *view, QChart *chart)
{
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
}
} // namespace

TimeChart::TimeChart(SignalKind kind, std::vector<ChartLine> lines, Palette palette, QWidget *parent)
    : QChartView(parent), kind_(kind), lines_(std::move(lines)), palette_(palette)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(0, 4, 0, 0));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.7g s")); // 1600 s, not 1.6e+03 s
    chart->addAxis(x_, Qt::AlignBottom);
    if (kind_ == SignalKind::State) {
        auto *states = new QCategoryAxis;
        states->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        const auto &labels = lines_.front().signal.states;
        for (std::size_t i = 0; i < labels.size(); ++i)
            states->append(QString::fromStdString(labels[i]), double(i));
        states->setRange(-0.2, double(labels.size()) - 0.8);
        y_ = states;
    } else {
        auto *values = new QValueAxis;
        values->setLabelFormat(kind_ == SignalKind::Seconds ? QStringLiteral("%.7g s") : QStringLiteral("%.7g"));
        y_ = values;
    }
    chart->addAxis(y_, Qt::AlignLeft);
    for (const auto &line : lines_) {
        auto *s = new QLineSeries;
        s->setName(line.name);
        chart->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        series_.push_back(s);
    }
    for (const auto &line : lines_)
        for (const auto &ref : line.signal.references) {
            const bool seen = std::any_of(references_.begin(), references_.end(), [&](const Reference &r) {
                return r.signal == line.signal.id && r.line.label == ref.label;
            });
            if (seen)
                continue; // the same limit for every variant: drawn once
            auto *s = new QLineSeries;
            chart->addSeries(s);
            s->attachAxis(x_);
            s->attachAxis(y_);
            references_.push_back({line.signal.id, ref, s});
        }
    // The legend sits to the right of the plot, never on the data; a click on an entry hides
    // or shows its line.
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->legend()->setShowToolTips(true);
    for (QLegendMarker *marker : chart->legend()->markers()) {
        connect(marker, &QLegendMarker::clicked, this, [marker] {
            QAbstractSeries *series = marker->series();
            series->setVisible(!series->isVisible());
            marker->setVisible(true); // keep the entry, greyed, so it can be clicked back
            QColor c = marker->labelBrush().color();
            c.setAlphaF(series->isVisible() ? 1.0 : 0.4);
            marker->setLabelBrush(c);
        });
    }
    replaceChart(this, chart);
    setFrameShape(QFrame::NoFrame);
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &) {
        placeBands();
        if (simulation_ && columns() != builtColumns_) {
            rebuild();
            reveal();
        }
        Q_EMIT plotAreaChanged();
    });
    band_ = new QGraphicsRectItem(chart);
    band_->setZValue(20);
    band_->setVisible(false);
    setRenderHint(QPainter::Antialiasing, false); // step lines are axis-aligned: smoothing buys nothing and costs most of a frame
    // Room for the title and the legend's entries (a legend of many entries needs a little
    // more than 16 px each, or its last one is clipped).
    setLegendShown(true);
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QStringList names;
    for (const auto &line : lines_)
        names << (palette_ == Palette::Variants ? QString::fromStdString(line.signal.label) + QLatin1Char(' ') + line.name : line.name);
    setAccessibleName(tr("Chart: %1").arg(names.join(QStringLiteral(", "))));
    full_.resize(series_.size());
}

int TimeChart::neededHeight(bool legend) const
{
    const int entries = int(lines_.size());
    return legend ? std::max(kMinimumHeight, 56 + (entries > 5 ? 20 : 16) * entries) : kMinimumHeight;
}

void TimeChart::setLegendShown(bool shown)
{
    chart()->legend()->setVisible(shown);
    setMinimumHeight(neededHeight(shown));
}

int TimeChart::columns() const
{
    const qreal w = chart()->plotArea().width();
    return std::max(10, int(w > 20 ? w : width() - 80));
}

qreal TimeChart::naturalLeft() const
{
    chart()->layout()->activate(); // lay out now, so the plot area belongs to the current margins
    return std::max<qreal>(0, chart()->plotArea().left() - chart()->margins().left());
}

qreal TimeChart::naturalRight() const
{
    chart()->layout()->activate();
    return std::max<qreal>(0, width() - chart()->plotArea().right() - chart()->margins().right());
}

void TimeChart::setExtraMargins(qreal left, qreal right)
{
    const QMargins m = chart()->margins();
    if (std::abs(left - m.left()) < 0.5 && std::abs(right - m.right()) < 0.5)
        return;
    chart()->setMargins(QMargins(int(std::round(left)), 4, int(std::round(right)), 0));
    chart()->layout()->activate();
}

void alignTimeAxes(const std::vector<TimeChart *> &charts, const std::vector<TimelineView *> &timelines)
{
    if (charts.empty())
        return;
    // At least room for a lane's name ("request 12") left of the timelines.
    qreal left = timelines.empty() ? 0 : timelines.front()->fontMetrics().horizontalAdvance(QStringLiteral("request 000")) * 0.8 + 8;
    qreal right = 0;
    // Only charts on screen and wide enough to hold their axes take part: a hidden or squeezed
    // chart's plot cannot move, so its natural margins would drift with every extra margin
    // given (a feedback loop that once ran for 48 s).
    std::vector<TimeChart *> shown;
    for (auto *c : charts)
        if (c->isVisible() && c->width() > 3 * left)
            shown.push_back(c);
    for (auto *c : shown) {
        left = std::max(left, c->naturalLeft());
        right = std::max(right, c->naturalRight());
    }
    for (auto *c : shown)
        c->setExtraMargins(std::clamp(left - c->naturalLeft(), 0.0, c->width() / 4.0),
                           std::clamp(right - c->naturalRight(), 0.0, c->width() / 4.0));
    for (auto *t : timelines)
        t->setMargins(int(std::round(left)), int(std::round(right)));
}

void TimeChart::setSimulation(std::shared_ptr<const Simulation> simulation, double yMax, double cursor)
{
    simulation_ = std::move(simulation);
    cursor_ = cursor;
    if (kind_ != SignalKind::State) {
        auto *values = static_cast<QValueAxis *>(y_);
        // Headroom above the highest value: a line flat at its limit stays inside the plot,
        // beside its dashed reference line, not on the plot's edge.
        const double top = niceCeil(yMax * 1.1);
        // The interval first: the new range with the old interval could mean billions of ticks
        // (a run whose peak was 1e-6 followed by one whose peak is 20,000).
        values->setTickType(QValueAxis::TicksDynamic);
        values->setTickAnchor(0);
        values->setTickInterval(niceCeil(top / 3));
        values->setRange(0, top);
    }
    QStringList limits;
    for (auto &[signal, line, series] : references_) {
        // A limit is drawn only where its signal exists: no "permits" line without a semaphore.
        bool recorded = false;
        for (const auto &l : lines_)
            recorded = recorded || (l.signal.id == signal && simulation_->variants[l.variant].recorder().findGauge(signal));
        const double end = simulation_->end_s;
        if (!line.gauge.empty()) { // a limit that moves: the run's own gauge, as steps
            const coro::Gauge *g = nullptr;
            for (const auto &v : simulation_->variants)
                if (!g)
                    g = v.recorder().findGauge(line.gauge);
            QList<QPointF> steps;
            if (g && recorded)
                for (std::size_t i = 0; i < g->points.size(); ++i) {
                    const double x = coro::toSeconds(g->points[i].time);
                    if (i > 0)
                        steps.append({x, g->points[i - 1].value});
                    steps.append({x, g->points[i].value});
                }
            if (!steps.isEmpty())
                steps.append({end, steps.back().y()});
            series->setName(steps.isEmpty() ? QString() : QString::fromStdString(line.label));
            series->replace(steps);
            chart()->legend()->markers(series).value(0)->setVisible(false);
            if (!steps.isEmpty())
                limits << QString::fromStdString(line.label);
            continue;
        }
        const auto start = recorded ? referenceValue(line, simulation_->params) : std::nullopt;
        const auto finish = recorded ? referenceValue(line, simulation_->params, end) : std::nullopt;
        const bool drawn = start.has_value() && finish.has_value();
        const double v0 = start.value_or(0), v1 = finish.value_or(0);
        QString name = QString::fromStdString(line.label);
        if (line.slopeParameter.empty())
            name += QStringLiteral(" (%1)").arg(formatNumber(v0));
        series->setName(drawn ? name : QString());
        series->replace(drawn ? QList<QPointF>{{0, v0}, {end, v1}} : QList<QPointF>{});
        // Limits are named in the title ("grey dashes: permits (10)"): the legend is for the
        // lines (some of which are dashed too, to tell equal variants apart).
        chart()->legend()->markers(series).value(0)->setVisible(false);
        if (drawn)
            limits << name;
    }
    limits_ = limits.isEmpty() ? QString() : tr("grey dashes: ") + limits.join(QStringLiteral(", "));
    applyTitle();
    // Outage and hang windows, shaded behind the lines.
    for (auto *item : bandItems_)
        delete item;
    bandItems_.clear();
    bands_.clear();
    for (const auto &band : simulation_->scenario->shadedTimes(simulation_->params)) {
        bands_.emplace_back(band.from_s, band.to_s);
        auto *item = new QGraphicsRectItem(chart());
        item->setPen(Qt::NoPen);
        item->setZValue(-1);
        item->setToolTip(QString::fromStdString(band.label));
        bandItems_.push_back(item);
    }
    setWindow(wantFrom_, wantTo_); // the window asked for, on the new run's length
}

void TimeChart::setTitle(const QString &title, const QString &note)
{
    title_ = title;
    note_ = note;
    applyTitle();
}

// "title · note · grey dashes: limits" on one line where it fits; where it does not (a chart
// in a row, in a small window) the notes go to a second, smaller line rather than be cut off.
void TimeChart::applyTitle()
{
    QStringList notes;
    for (const QString &n : {note_, limits_})
        if (!n.isEmpty())
            notes << n;
    const QString line = notes.isEmpty() ? title_ : title_ + QStringLiteral("  ·  ") + notes.join(QStringLiteral("  ·  "));
    QString name = title_;
    // A title's own parenthesis ("offered load (arrivals in the last second)") is a note too.
    if (const auto open = title_.indexOf(QStringLiteral(" (")); open > 0 && title_.endsWith(QLatin1Char(')'))) {
        name = title_.left(open);
        notes.prepend(title_.mid(open + 2, title_.size() - open - 3));
    }
    const bool fits = notes.isEmpty() || QFontMetrics(chart()->titleFont()).horizontalAdvance(line) <= width() - 16;
    const QString title = fits ? line
                               : QStringLiteral("%1<br><span style='font-size:small'>%2</span>")
                                     .arg(name.toHtmlEscaped(), notes.join(QStringLiteral(" · ")).toHtmlEscaped());
    setToolTip(line);
    if (chart()->title() != title)
        chart()->setTitle(title);
}

void TimeChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    if (event->size().width() != event->oldSize().width()) {
        applyTitle();
        updateTimeTicks();
    }
}

void TimeChart::setWindow(double from, double to)
{
    wantFrom_ = from;
    wantTo_ = to;
    if (!simulation_)
        return;
    from_ = from;
    to_ = std::min(to, simulation_->end_s);
    if (to_ <= from_) { // empty: the whole run
        from_ = 0;
        to_ = simulation_->end_s;
    }
    // Ticks on round values (0, 0.5, 1, 1.5 s), not on fifths of an odd length. No moment may
    // have a long range on a short interval (a million tick items): a range that shrinks is set
    // before its shorter interval, one that grows after its longer one.
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    const double interval = timeTickInterval(to_ - from_);
    if (interval < x_->tickInterval()) {
        x_->setRange(from_, to_);
        x_->setTickInterval(interval);
    } else {
        x_->setTickInterval(interval);
        x_->setRange(from_, to_);
    }
    rebuild();
    reveal();
    placeBands();
}

// About six ticks, fewer on a narrow chart: a label needs some 60 px ("12.5 s"), or Qt draws
// every one as "…". From the chart's own width, not its plot's: the plot's width moves with the
// margins the charts share (alignTimeAxes), and those with the labels, so ticks chosen from it
// could flip back and forth for ever.
double TimeChart::timeTickInterval(double range) const
{
    return niceCeil(range / std::clamp((width() - 100) / 60, 2, 6));
}

// On a new width: the interval for the range the axis has.
void TimeChart::updateTimeTicks()
{
    QValueAxis *axis = x_;
    if (axis->max() <= axis->min())
        return;
    const double interval = timeTickInterval(axis->max() - axis->min());
    if (axis->tickInterval() != interval)
        axis->setTickInterval(interval);
}

void TimeChart::placeBands()
{
    const QRectF plot = chart()->plotArea();
    const Theme &t = theme(palette().color(QPalette::Window).lightness() < 128);
    const QColor fill = t.bandFill(28);
    for (std::size_t i = 0; i < bandItems_.size(); ++i) {
        const double span = std::max(1e-12, to_ - from_);
        const qreal x0 = plot.left() + std::clamp((bands_[i].first - from_) / span, 0.0, 1.0) * plot.width();
        const qreal x1 = plot.left() + std::clamp((bands_[i].second - from_) / span, 0.0, 1.0) * plot.width();
        bandItems_[i]->setRect(QRectF(x0, plot.top(), x1 - x0, plot.height()));
        bandItems_[i]->setBrush(fill);
    }
}

void TimeChart::rebuild()
{
    const int columns = this->columns();
    builtColumns_ = columns;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
        const VariantResult &v = simulation_->variants[lines_[i].variant];
        const coro::Gauge *g = v.recorder().findGauge(lines_[i].signal.id);
        // A variant that never recorded the signal (no semaphore, no breaker) gets no line at
        // all, rather than a flat zero that reads as a measurement.
        full_[i] = g ? stepPoints(*g, v.run.end_s, from_, to_, columns) : std::vector<QPointF>{};
        if (auto *marker = chart()->legend()->markers(series_[i]).value(0))
            marker->setVisible(g != nullptr);
    }
}

void TimeChart::setCursorTime(double seconds)
{
    cursor_ = seconds;
    if (simulation_)
        reveal();
}

void TimeChart::reveal()
{
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const auto &pts = full_[i];
        auto cut = std::upper_bound(pts.begin(), pts.end(), cursor_, [](double t, const QPointF &p) { return t < p.x(); });
        QList<QPointF> shown(pts.begin(), cut);
        if (!shown.isEmpty() && cut != pts.end() && shown.back().x() < cursor_)
            shown.append(QPointF(cursor_, shown.back().y()));
        series_[i]->replace(shown);
    }
}

int TimeChart::referenceCount() const
{
    return int(std::count_if(references_.begin(), references_.end(), [](const Reference &r) { return r.series->count() > 0; }));
}

int TimeChart::pointCount() const
{
    int n = 0;
    for (auto *s : series_)
        n += int(s->count());
    return n;
}

QString TimeChart::valuesAt(double seconds) const
{
    if (!simulation_)
        return {};
    QStringList rows{formatSeconds(seconds)};
    for (const auto &line : lines_) {
        const VariantResult &v = simulation_->variants[line.variant];
        const coro::Gauge *g = v.recorder().findGauge(line.signal.id);
        if (!g || seconds > v.run.end_s)
            continue;
        double value = 0;
        auto it = std::upper_bound(g->points.begin(), g->points.end(), coro::fromSeconds(seconds),
                                   [](coro::Time t, const coro::GaugePoint &p) { return t < p.time; });
        if (it != g->points.begin())
            value = std::prev(it)->value;
        QString text;
        if (kind_ == SignalKind::State)
            text = QString::fromStdString(line.signal.states.at(std::clamp(std::size_t(value), std::size_t(0), line.signal.states.size() - 1)));
        else
            text = formatMetric(value, line.signal.unit);
        rows << QStringLiteral("%1: %2").arg(line.name, text);
    }
    return rows.join(QLatin1Char('\n'));
}

double TimeChart::timeAtX(qreal x) const
{
    const QRectF plot = chart()->plotArea();
    const double t = from_ + (x - plot.left()) / std::max<qreal>(1, plot.width()) * (to_ - from_);
    return std::clamp(t, from_, to_);
}

void TimeChart::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier) || !simulation_) {
        QChartView::wheelEvent(event); // plain wheel scrolls the page
        return;
    }
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    Q_EMIT zoomRequested(timeAtX(event->position().x()), factor);
    event->accept();
}

void TimeChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && simulation_ && chart()->plotArea().contains(event->position())) {
        dragFrom_ = timeAtX(event->position().x());
        band_->setRect(QRectF(event->position().x(), chart()->plotArea().top(), 0, chart()->plotArea().height()));
        const Theme &t = theme(palette().color(QPalette::Window).lightness() < 128);
        QColor fill = t.cursor;
        fill.setAlpha(40);
        band_->setBrush(fill);
        band_->setPen(Qt::NoPen);
        band_->setVisible(true);
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void TimeChart::mouseMoveEvent(QMouseEvent *event)
{
    if (dragFrom_ >= 0) {
        const QRectF plot = chart()->plotArea();
        const qreal x0 = plot.left() + (dragFrom_ - from_) / std::max(1e-12, to_ - from_) * plot.width();
        const qreal x1 = std::clamp(event->position().x(), plot.left(), plot.right());
        band_->setRect(QRectF(std::min(x0, x1), plot.top(), std::abs(x1 - x0), plot.height()));
    }
    QChartView::mouseMoveEvent(event);
}

void TimeChart::mouseReleaseEvent(QMouseEvent *event)
{
    if (dragFrom_ >= 0 && event->button() == Qt::LeftButton) {
        const double at = timeAtX(event->position().x());
        const double a = std::min(dragFrom_, at), b = std::max(dragFrom_, at);
        band_->setVisible(false);
        dragFrom_ = -1;
        const QRectF plot = chart()->plotArea();
        if ((b - a) / std::max(1e-12, to_ - from_) * plot.width() >= 6)
            Q_EMIT rangeSelected(a, b); // a range was dragged: zoom to it
        else
            Q_EMIT cursorDragged(at); // a click: move the time cursor there
        event->accept();
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void TimeChart::mouseDoubleClickEvent(QMouseEvent *event)
{
    Q_EMIT zoomReset();
    event->accept();
}

bool TimeChart::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && simulation_) {
        const auto *help = static_cast<QHelpEvent *>(event);
        if (chart()->plotArea().contains(help->pos()))
            QToolTip::showText(help->globalPos(), valuesAt(timeAtX(help->pos().x())), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QChartView::viewportEvent(event);
}

void TimeChart::setDark(bool dark, bool presentation)
{
    styleChart(chart(), dark, presentation);
    const Theme &t = theme(dark);
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const int slot = lines_[i].slot;
        QPen pen = seriesPen(palette_ == Palette::Variants ? t.variantColor(lines_[i].role, lines_[i].rank) : t.seriesColor(slot),
                             presentation);
        if (palette_ == Palette::Variants) {
            pen.setStyle(Theme::variantDash(slot)); // equal lines stay apart
            // Drawn in order, each line a little thinner than the one before: where two
            // variants coincide, the later one runs inside the earlier, and both show.
            const double under = double(series_.size() - 1 - i);
            pen.setWidthF(std::min(pen.widthF() + under * (presentation ? 1.2 : 0.9), presentation ? 6.0 : 4.2));
        }
        series_[i]->setPen(pen);
    }
    for (auto &reference : references_)
        reference.series->setPen(QPen(t.mutedText, presentation ? 2.0 : 1.2, Qt::DashLine));
}

namespace {
/// A step gauge's value at each of columns + 1 evenly spaced times from 0 to end (the value
/// holds past the gauge's last point).
std::vector<double> sampledOnColumns(const coro::Gauge &g, double end, int columns)
{
    std::vector<double> values;
    values.reserve(std::size_t(columns) + 1);
    std::size_t p = 0;
    double value = 0;
    for (int col = 0; col <= columns; ++col) {
        const double x = end * col / columns;
        while (p < g.points.size() && coro::toSeconds(g.points[p].time) <= x)
            value = g.points[p++].value;
        values.push_back(value);
    }
    return values;
}
} // namespace

OutcomesChart::OutcomesChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setTitle(tr("requests answered, by outcome (whole run)"));
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.4g s"));
    x_->setTickCount(5);
    y_ = new QValueAxis;
    y_->setLabelFormat(QStringLiteral("%d"));
    y_->setTickCount(3);
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    chart->legend()->setAlignment(Qt::AlignRight);
    replaceChart(this, chart);
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(tr("Outcomes over time"));
}

bool OutcomesChart::worthShowing(const Simulation &simulation)
{
    return std::any_of(simulation.variants.begin(), simulation.variants.end(), [](const VariantResult &v) {
        int kinds = 0;
        for (int k = 0; k < coro::kAnswerKinds; ++k)
            kinds += v.run.outcomes.answers[k] > 0;
        return kinds + (v.run.outcomes.unfinished > 0) > 1;
    });
}

void OutcomesChart::setVariant(std::shared_ptr<const Simulation> simulation, int index, double endMax)
{
    simulation_ = std::move(simulation);
    index_ = index;
    endMax_ = std::max(endMax, 1e-9);
    QChart *c = chart();
    c->removeAllSeries();
    areas_ = 0;
    const VariantResult &v = simulation_->variants[std::size_t(index)];
    const Theme &t = theme(dark_);
    // Each kind's running count, sampled on a common grid of columns over the whole shared
    // axis (a variant over early keeps its final stack to the right edge).
    constexpr int kColumns = 240;
    const double end = endMax_;
    const auto xAt = [&](int col) { return end * col / kColumns; };
    std::vector<double> below(kColumns + 1, 0.0);
    static constexpr coro::Answer kOrder[] = {coro::Answer::Ok,       coro::Answer::Fallback, coro::Answer::Failed,
                                              coro::Answer::TimedOut, coro::Answer::Refused,  coro::Answer::Cancelled};
    for (const coro::Answer kind : kOrder) {
        const coro::Gauge *g = v.recorder().findGauge(coro::answerGauge(kind));
        if (!g || g->max <= 0)
            continue;
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        const std::vector<double> counts = sampledOnColumns(*g, end, kColumns);
        for (int col = 0; col <= kColumns; ++col) {
            double &stack = below[std::size_t(col)];
            lower->append(xAt(col), stack);
            stack += counts[std::size_t(col)];
            upper->append(xAt(col), stack);
        }
        auto *area = new QAreaSeries(upper, lower);
        upper->setParent(area);
        lower->setParent(area);
        area->setName(answerLabel(int(kind)));
        const QColor colour = t.answerColor(int(kind));
        area->setColor(colour);
        area->setBorderColor(colour);
        c->addSeries(area);
        area->attachAxis(x_);
        area->attachAxis(y_);
        ++areas_;
    }
    // The requests issued so far, a dashed line on the areas' grid: what lies between it and
    // the areas has been sent and not answered yet.
    auto *issued = new QLineSeries;
    issued->setName(tr("issued"));
    if (const coro::Gauge *g = v.recorder().findGauge(coro::kIssuedGauge)) {
        const std::vector<double> counts = sampledOnColumns(*g, end, kColumns);
        for (int col = 0; col <= kColumns; ++col)
            issued->append(xAt(col), counts[std::size_t(col)]);
    } else {
        issued->append(0, double(v.run.outcomes.requests));
        issued->append(end, double(v.run.outcomes.requests));
    }
    issued->setPen(QPen(t.mutedText, presentation_ ? 2.0 : 1.2, Qt::DashLine));
    c->addSeries(issued);
    issued->attachAxis(x_);
    issued->attachAxis(y_);
    // Ticks on round times (0, 2.5, 5 s), not on quarters of an odd length (3.056 s).
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    x_->setTickInterval(niceCeil(endMax_ / 4));
    x_->setRange(0, endMax_);
    y_->setRange(0, niceCeil(std::max(1.0, double(v.run.outcomes.requests)) * 1.05));
    styleChart(c, dark_, presentation_);
}

void OutcomesChart::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    presentation_ = presentation;
    styleChart(chart(), dark, presentation);
    if (simulation_)
        setVariant(simulation_, index_, endMax_);
}

PercentileChart::PercentileChart(const scenarios::Scenario &scenario, QWidget *parent) : QChartView(parent), scenario_(scenario)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setTitle(tr("latency of the successes, by percentile (log scale)"));
    auto *x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    // No "p0" label: it would stand a few pixels from "p50" and, in a narrow chart, leave both "…".
    for (const auto &[label, nines] : {std::pair{"p50", std::log10(2.0)}, {"p90", 1.0}, {"p99", 2.0}, {"p99.9", 3.0}})
        x->append(QString::fromLatin1(label), nines);
    x->setRange(0, 3);
    auto *y = new QLogValueAxis;
    y->setBase(10);
    y->setLabelFormat(QStringLiteral("%.3g s"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    x_ = x;
    y_ = y;
    for (std::size_t v = 0; v < scenario.variants.size(); ++v) {
        auto *series = new QLineSeries;
        series->setName(QString::fromStdString(scenario.variants[v].id));
        chart->addSeries(series);
        series->attachAxis(x_);
        series->attachAxis(y_);
        series_.push_back(series);
    }
    lines_.resize(series_.size());
    chart->legend()->setAlignment(Qt::AlignRight);
    replaceChart(this, chart);
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(tr("Latency by percentile, every variant"));
}

// A narrow chart (in a row, in a small window) gives its plot the legend's room: the headers'
// coloured strokes name the lines.
void PercentileChart::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    const bool wide = event->size().width() >= 420;
    chart()->legend()->setVisible(wide);
    chart()->setTitle(wide ? tr("latency of the successes, by percentile (log scale)")
                           : tr("latency of the successes<br><span style='font-size:small'>by percentile, log scale</span>"));
}

void PercentileChart::setSimulation(std::shared_ptr<const Simulation> simulation)
{
    double lo = 0, hi = 0, nines = 0;
    for (std::size_t v = 0; v < series_.size(); ++v) {
        std::vector<std::int64_t> samples = simulation->variants[v].recorder().latencySamples();
        std::sort(samples.begin(), samples.end());
        std::vector<QPointF> &points = lines_[v];
        points.clear();
        const auto n = samples.size();
        if (n > 0) {
            // Up to the percentile the samples can tell (p99.9 needs a thousand), 60 steps.
            const double top = std::min(3.0, std::log10(double(n)));
            nines = std::max(nines, top);
            for (int k = 0; k <= 60; ++k) {
                const double x = top * k / 60;
                const double q = 1 - std::pow(10.0, -x);
                const double seconds = std::max(1e-6, double(samples[std::size_t(std::floor(q * double(n - 1)))]) * 1e-9);
                points.push_back({x, seconds});
                lo = lo > 0 ? std::min(lo, seconds) : seconds;
                hi = std::max(hi, seconds);
            }
        }
        series_[v]->replace(QList<QPointF>(points.begin(), points.end()));
        if (auto *marker = chart()->legend()->markers(series_[v]).value(0))
            marker->setVisible(n > 0);
    }
    x_->setRange(0, std::max(1.0, nines));
    if (hi > 0) {
        const double floor10 = std::pow(10.0, std::floor(std::log10(lo)));
        const double ceil10 = std::pow(10.0, std::ceil(std::log10(hi * 1.01)));
        y_->setRange(floor10, std::max(ceil10, floor10 * 10));
    }
}

void PercentileChart::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    presentation_ = presentation;
    styleChart(chart(), dark, presentation);
    const Theme &t = theme(dark);
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const auto &variant = scenario_.variants[i];
        QPen pen = seriesPen(t.variantColor(variant.role, roleRank(scenario_, int(i))), presentation);
        pen.setStyle(Theme::variantDash(int(i)));
        series_[i]->setPen(pen);
    }
}

LatencyChart::LatencyChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setTitle(tr("latency, whole run"));
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.4g s"));
    x_->setTickCount(3);
    y_ = new QValueAxis;
    y_->setLabelFormat(QStringLiteral("%d"));
    y_->setTickCount(3);
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    chart->legend()->hide(); // the title names the marks, with their values
    replaceChart(this, chart);
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(tr("Latency histogram"));
}

void LatencyChart::setVariant(std::shared_ptr<const Simulation> simulation, int index, double xMax)
{
    QChart *c = chart();
    c->removeAllSeries();
    const VariantResult &v = simulation->variants[index];
    const auto &samples = v.recorder().latencySamples();
    samples_ = int(samples.size());
    xMax = std::max(xMax, 1e-6);
    constexpr int kBins = 30;
    std::vector<int> bins(kBins, 0);
    for (std::int64_t ns : samples)
        ++bins[std::clamp(int(double(ns) * 1e-9 / xMax * kBins), 0, kBins - 1)];
    auto *upper = new QLineSeries;
    int top = 1;
    for (int b = 0; b < kBins; ++b) {
        upper->append(b * xMax / kBins, bins[b]);
        upper->append((b + 1) * xMax / kBins, bins[b]);
        top = std::max(top, bins[b]);
    }
    auto *area = new QAreaSeries(upper);
    upper->setParent(area); // the area does not own its line: freed with it, at the next run
    area->setName(tr("requests"));
    c->addSeries(area);
    area->attachAxis(x_);
    area->attachAxis(y_);
    c->legend()->markers(area).first()->setVisible(false);
    const auto &m = v.run.metrics;
    QStringList marks;
    int i = 0;
    for (const char *name : {"latency_p50_s", "latency_p95_s", "latency_p99_s"}) {
        const auto value = m.get(name);
        ++i;
        if (!value)
            continue;
        auto *mark = new QLineSeries;
        mark->setName(QStringLiteral("p%1 %2")
                          .arg(QString::fromUtf8(name + 9).section(QLatin1Char('_'), 0, 0), shortDuration(*value)));
        mark->append(*value, 0);
        mark->append(*value, top * 1.1);
        mark->setProperty("mark", i);
        marks << QStringLiteral("<span style='color:%1'>■</span> %2").arg(markColor(i).name(), mark->name());
        c->addSeries(mark);
        mark->attachAxis(x_);
        mark->attachAxis(y_);
    }
    x_->setRange(0, xMax);
    y_->setRange(0, niceCeil(top * 1.1));
    c->setTitle(tr("latency, whole run<br>%1").arg(marks.join(QStringLiteral(" "))));
    setDark(dark_, presentation_);
}

void LatencyChart::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    presentation_ = presentation;
    styleChart(chart(), dark, presentation);
    const Theme &t = theme(dark);
    QFont f = chart()->font();
    f.setPointSizeF(presentation ? 12 : 8.5);
    chart()->setTitleFont(f);
    for (QAbstractSeries *s : chart()->series()) {
        if (auto *area = qobject_cast<QAreaSeries *>(s)) {
            QColor fill = t.seriesColor(0);
            fill.setAlpha(110);
            area->setBrush(fill);
            area->setPen(seriesPen(t.seriesColor(0), presentation));
        } else if (auto *line = qobject_cast<QLineSeries *>(s)) {
            QPen pen = seriesPen(markColor(line->property("mark").toInt()), presentation);
            pen.setStyle(Qt::DashLine);
            line->setPen(pen);
        }
    }
}

} // namespace gui
