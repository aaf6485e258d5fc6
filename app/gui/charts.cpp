#include "charts.h"

#include "simulation.h"
#include "theme.h"

#include "engine/metrics.h"
#include "engine/recorder.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QGraphicsLayout>
#include <QLegendMarker>
#include <QLineSeries>
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

/// 1, 2, 5 times a power of ten, at least v.
double niceCeil(double v)
{
    if (v <= 0)
        return 1;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (m * p >= v * (1 - 1e-9))
            return m * p;
    return 10 * p;
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

std::optional<double> referenceValue(const coro::ReferenceLine &line, const scenarios::Params &params)
{
    double v = line.value;
    if (!line.parameter.empty()) {
        const auto it = params.numbers().find(line.parameter);
        if (it == params.numbers().end())
            return std::nullopt;
        v = it->second;
    }
    if (v <= 0)
        return std::nullopt;
    return v;
}

std::vector<QPointF> stepPoints(const coro::Gauge &gauge, double runEnd, double xMax, int columns)
{
    std::vector<QPointF> out;
    const auto &pts = gauge.points;
    if (pts.empty()) {
        out = {{0, 0}, {runEnd, 0}};
        return out;
    }
    columns = std::max(columns, 1);
    if (int(pts.size()) <= columns) {
        out.reserve(pts.size() * 2 + 2);
        double prev = 0;
        if (pts.front().time.count() > 0)
            out.emplace_back(0, 0);
        for (const auto &p : pts) {
            const double t = coro::toSeconds(p.time);
            if (!out.empty())
                out.emplace_back(t, prev);
            out.emplace_back(t, p.value);
            prev = p.value;
        }
        out.emplace_back(runEnd, prev);
        return out;
    }
    // Lowest and highest value per column, including the value carried into it.
    out.reserve(std::size_t(columns) * 2 + 2);
    const double width = xMax / columns;
    double carried = 0;
    std::size_t i = 0;
    for (int c = 0; c < columns && i < pts.size(); ++c) {
        const double c0 = c * width, c1 = (c + 1) * width;
        if (c0 > runEnd)
            break;
        double lo = carried, hi = carried;
        bool highFirst = false, seen = false;
        while (i < pts.size() && coro::toSeconds(pts[i].time) < c1) {
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
            out.emplace_back(std::min(c1, runEnd), carried);
    }
    out.emplace_back(runEnd, pts.back().value);
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

TimeChart::TimeChart(const SignalGroup &group, QWidget *parent) : QChartView(parent), group_(group)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(0, 4, 0, 0));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.3g s"));
    x_->setTickCount(6);
    chart->addAxis(x_, Qt::AlignBottom);
    if (group_.kind == SignalKind::State) {
        auto *states = new QCategoryAxis;
        states->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        const auto &labels = group_.members.front().states;
        for (std::size_t i = 0; i < labels.size(); ++i)
            states->append(QString::fromStdString(labels[i]), double(i));
        states->setRange(-0.2, double(labels.size()) - 0.8);
        y_ = states;
    } else {
        auto *values = new QValueAxis;
        values->setLabelFormat(group_.kind == SignalKind::Seconds ? QStringLiteral("%.2g s") : QStringLiteral("%.4g"));
        values->setTickCount(3);
        y_ = values;
    }
    chart->addAxis(y_, Qt::AlignLeft);
    for (const auto &signal : group_.members) {
        auto *s = new QLineSeries;
        s->setName(QString::fromStdString(signal.label));
        chart->addSeries(s);
        s->attachAxis(x_);
        s->attachAxis(y_);
        series_.push_back(s);
    }
    for (const auto &signal : group_.members)
        for (const auto &line : signal.references) {
            auto *s = new QLineSeries;
            chart->addSeries(s);
            s->attachAxis(x_);
            s->attachAxis(y_);
            references_.push_back({signal.id, line, s});
        }
    // The legend floats inside the plot, top left: a line of its own would take a third of a
    // small chart's height.
    chart->legend()->detachFromChart();
    chart->legend()->setAlignment(Qt::AlignLeft);
    setChart(chart);
    setFrameShape(QFrame::NoFrame);
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF &plot) {
        this->chart()->legend()->setGeometry(QRectF(plot.left() + 2, plot.top() + 1, plot.width() - 4, 20));
        this->chart()->legend()->update();
        if (simulation_ && columns() != builtColumns_) {
            rebuild();
            reveal();
        }
        Q_EMIT plotAreaChanged();
    });
    setRenderHint(QPainter::Antialiasing, false); // step lines are axis-aligned: smoothing buys nothing and costs most of a frame
    setMinimumHeight(128);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QStringList names;
    for (auto *s : series_)
        names << s->name();
    setAccessibleName(tr("Chart: %1").arg(names.join(QStringLiteral(", "))));
    full_.resize(series_.size());
}

int TimeChart::columns() const
{
    const qreal w = chart()->plotArea().width();
    return std::max(10, int(w > 20 ? w : width() - 80));
}

qreal TimeChart::naturalLeft() const
{
    chart()->layout()->activate(); // lay out now, so the plot area belongs to the current margins
    return chart()->plotArea().left() - chart()->margins().left();
}

void TimeChart::setExtraLeft(qreal extra)
{
    if (std::abs(extra - chart()->margins().left()) < 0.5)
        return;
    chart()->setMargins(QMargins(int(std::round(extra)), 4, 0, 0));
    chart()->layout()->activate();
}

void TimeChart::setVariant(std::shared_ptr<const Simulation> simulation, int index, double yMax, double cursor)
{
    simulation_ = std::move(simulation);
    index_ = index;
    cursor_ = cursor;
    x_->setRange(0, simulation_->end_s);
    // Ticks on round values (0, 0.5, 1, 1.5 s), not on fifths of an odd run length.
    x_->setTickType(QValueAxis::TicksDynamic);
    x_->setTickAnchor(0);
    x_->setTickInterval(niceCeil(simulation_->end_s / 6));
    if (group_.kind != SignalKind::State) {
        auto *values = static_cast<QValueAxis *>(y_);
        const double top = niceCeil(yMax);
        values->setRange(0, top);
        values->setTickType(QValueAxis::TicksDynamic);
        values->setTickAnchor(0);
        values->setTickInterval(niceCeil(top / 3));
    }
    const VariantResult &variant = simulation_->variants[index_];
    for (auto &[signal, line, series] : references_) {
        // A limit is drawn only where its signal exists: no "permits" line without a semaphore.
        const auto value = variant.recorder().findGauge(signal) ? referenceValue(line, simulation_->params) : std::nullopt;
        series->setName(value ? QStringLiteral("%1 (%2)").arg(QString::fromStdString(line.label)).arg(*value) : QString());
        series->replace(value ? QList<QPointF>{{0, *value}, {simulation_->end_s, *value}} : QList<QPointF>{});
        chart()->legend()->markers(series).value(0)->setVisible(value.has_value());
    }
    rebuild();
    reveal();
}

void TimeChart::rebuild()
{
    const int columns = this->columns();
    builtColumns_ = columns;
    const VariantResult &v = simulation_->variants[index_];
    for (std::size_t i = 0; i < group_.members.size(); ++i) {
        const coro::Gauge *g = v.recorder().findGauge(group_.members[i].id);
        if (g)
            full_[i] = stepPoints(*g, v.run.end_s, simulation_->end_s, columns);
        else
            full_[i] = {{0, 0}, {v.run.end_s, 0}};
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

void TimeChart::setDark(bool dark, bool presentation)
{
    styleChart(chart(), dark, presentation);
    const Theme &t = theme(dark);
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const QColor c = group_.kind == SignalKind::State ? t.roleBad : t.seriesColor(int(i));
        series_[i]->setPen(seriesPen(c, presentation));
    }
    for (auto &reference : references_) {
        QPen pen(t.mutedText, presentation ? 2.0 : 1.2, Qt::DashLine);
        reference.series->setPen(pen);
    }
}

LatencyChart::LatencyChart(QWidget *parent) : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setTitle(tr("latency, whole run"));
    x_ = new QValueAxis;
    x_->setLabelFormat(QStringLiteral("%.2g s"));
    x_->setTickCount(3);
    y_ = new QValueAxis;
    y_->setLabelFormat(QStringLiteral("%d"));
    y_->setTickCount(3);
    chart->addAxis(x_, Qt::AlignBottom);
    chart->addAxis(y_, Qt::AlignLeft);
    chart->legend()->hide(); // the title names the marks, with their values
    setChart(chart);
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
