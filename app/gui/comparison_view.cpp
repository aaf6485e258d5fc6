// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "comparison_view.h"

#include "charts.h"
#include "format.h"
#include "simulation.h"
#include "theme.h"
#include "timeline_view.h"

#include <QChart>
#include <QEvent>
#include <QFontMetrics>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QTextDocument>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {
constexpr int kMinTimeline = 24;      ///< lanes still drawn
constexpr int kReadableTimeline = 40; ///< what a small window keeps before the charts scroll
constexpr int kChartStretch = 4;
} // namespace

void ComparisonView::followViewport(QWidget *viewport)
{
    viewport->installEventFilter(this);
    fitHeight(viewport->height());
}

bool ComparisonView::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Resize)
        fitHeight(static_cast<QWidget *>(watched)->height());
    return QWidget::eventFilter(watched, event);
}

// The layout that fits the height shown, in the order a reader prefers: charts one above the
// other, their time axes under the timelines'; then the charts side by side; then, for many
// variants in a small window, each variant's name beside its timeline instead of above it
// (the charts' legends go: the names beside the timelines carry each line's colour). When
// nothing fits, the timelines keep enough height to read and the charts scroll.
void ComparisonView::fitHeight(int available)
{
    available_ = available;
    if (timelines_.empty())
        return;
    const int spacing = layout()->spacing();
    const int n = int(timelines_.size());
    int headers = 0;
    for (auto *h : headers_)
        headers += h->sizeHint().height() + 2 * spacing;
    const std::vector<QWidget *> shown = shownCharts();
    const int k = int(shown.size());
    const auto chartsNeed = [&](int columns, bool legends) {
        const auto height = [legends](QWidget *w) {
            const auto *c = qobject_cast<TimeChart *>(w);
            return c ? c->neededHeight(legends) : w->minimumHeight(); // the percentile plot has no legend to drop
        };
        int sum = 0, tallest = 0;
        for (QWidget *w : shown) {
            sum += height(w) + spacing;
            tallest = std::max(tallest, height(w));
        }
        const int rows = (k + columns - 1) / columns;
        return 4 + (columns == 1 ? sum : rows * (tallest + spacing)); // 4: the spacing before them
    };
    struct Layout {
        int columns;
        bool compact;
    };
    // Side by side, a chart narrower than about 200 px cannot be read: more than three such
    // go in two rows, if those fit.
    const int twoRows = (k + 1) / 2;
    const bool narrow = k > 3 && width() / std::max(1, k) < 200;
    std::vector<Layout> candidates;
    if (!manyVariants_)
        candidates.push_back({1, false});
    for (const bool compact : {false, true}) {
        if (narrow)
            candidates.push_back({twoRows, compact});
        candidates.push_back({std::max(1, k), compact});
    }
    Layout chosen = candidates.back();
    int minimum = 0;
    for (const Layout &l : candidates) {
        const int rows = l.compact ? n * (kMinTimeline + spacing) : headers + n * kMinTimeline;
        if (rows + chartsNeed(l.columns, legendsShown(l.columns, l.compact)) <= available) {
            chosen = l;
            minimum = kMinTimeline; // the layout's stretch shares the rest out
            break;
        }
    }
    if (minimum == 0) // nothing fits: the timelines take what they need to be read, and the charts scroll
        minimum = std::clamp((available - (chosen.compact ? n * spacing : headers)) / n, kMinTimeline, kReadableTimeline);
    arrange(chosen.columns, chosen.compact);
    for (auto *t : timelines_)
        t->setMinimumHeight(minimum);
}

std::vector<QWidget *> ComparisonView::shownCharts() const
{
    std::vector<QWidget *> shown;
    for (auto *c : charts_)
        if (!c->isHidden())
            shown.push_back(c);
    if (percentiles_)
        shown.push_back(percentiles_);
    return shown;
}

// A legend beside a chart in a row leaves its plot too narrow to read: there the headers'
// coloured strokes name the lines.
bool ComparisonView::legendsShown(int columns, bool compact) const
{
    return columns == 1 || (!compact && width() / columns >= 420);
}

void ComparisonView::arrange(int columns, bool compact)
{
    const bool legends = legendsShown(columns, compact);
    for (auto *c : charts_)
        c->setLegendShown(legends);
    // The charts shown, in order, in `columns` columns.
    const std::vector<QWidget *> shown = shownCharts();
    if (columns == columns_ && compact == compact_ && shown == placed_)
        return;
    columns_ = columns;
    compact_ = compact;
    placed_ = shown;
    for (auto *c : charts_)
        chartGrid_->removeWidget(c);
    if (percentiles_)
        chartGrid_->removeWidget(percentiles_);
    for (int r = 0; r < chartGrid_->rowCount(); ++r)
        chartGrid_->setRowStretch(r, 0);
    for (int c = 0; c < chartGrid_->columnCount(); ++c)
        chartGrid_->setColumnStretch(c, 0);
    for (std::size_t i = 0; i < shown.size(); ++i) {
        const int r = int(i) / columns, c = int(i) % columns;
        chartGrid_->addWidget(shown[i], r, c);
        chartGrid_->setRowStretch(r, 1);
        chartGrid_->setColumnStretch(c, 1);
    }
    chartGrid_->setHorizontalSpacing(6);
    chartGrid_->setVerticalSpacing(columns == 1 ? layout()->spacing() : 6);
    const int rows = (int(shown.size()) + columns - 1) / std::max(1, columns);
    static_cast<QBoxLayout *>(layout())->setStretchFactor(chartGrid_, kChartStretch * std::max(1, rows));
    for (std::size_t v = 0; v < rows_.size(); ++v) {
        rows_[v]->setDirection(compact ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
        headers_[v]->setSizePolicy(compact ? QSizePolicy::Fixed : QSizePolicy::Ignored, QSizePolicy::Fixed);
        headers_[v]->setAlignment(compact ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignLeft);
    }
    shownMarks_.assign(headers_.size(), -1);
    updateHeaders();
    alignTimeAxes();
}

int ComparisonView::compactNameWidth() const { return std::clamp(width() * 34 / 100, 180, 320); }

ComparisonView::ComparisonView(const scenarios::Scenario &scenario, const std::vector<SignalGroup> &groups, QWidget *parent)
    : QWidget(parent), scenario_(scenario)
{
    setAccessibleName(tr("Every variant compared"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    const int n = int(scenario.variants.size());
    // The timelines together get about 0.6 of the charts' height: enough lanes to read the
    // story, whether a practice has one chart or four.
    int signalCount = 0;
    for (const auto &group : groups)
        signalCount += int(group.members.size());
    const int timelineStretch = std::max(2, int(std::lround(0.6 * kChartStretch * signalCount / std::max(1, n))));
    for (int v = 0; v < n; ++v) {
        auto *header = new QLabel(this);
        header->setTextFormat(Qt::RichText);
        header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        auto *timeline = new TimelineView(this);
        timeline->setMinimumHeight(kMinTimeline);
        timeline->setAccessibleName(tr("Task timeline: %1").arg(QString::fromStdString(scenario.variants[v].label)));
        connect(timeline, &TimelineView::cursorDragged, this, &ComparisonView::cursorDragged);
        auto *row = new QBoxLayout(QBoxLayout::TopToBottom);
        row->setSpacing(layout->spacing());
        row->addWidget(header);
        row->addWidget(timeline, 1);
        layout->addLayout(row, timelineStretch);
        rows_.push_back(row);
        headers_.push_back(header);
        timelines_.push_back(timeline);
    }
    shownMarks_.assign(std::size_t(n), -1);
    layout->addSpacing(4);
    // One chart per signal, a line per variant. Many variants (Retry's seven) leave no room for
    // charts one above the other: they stand side by side, each with its own time axis.
    manyVariants_ = n > 5 && signalCount > 1;
    chartGrid_ = new QGridLayout;
    chartGrid_->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(chartGrid_);
    for (const auto &group : groups)
        for (const auto &signal : group.members) {
            std::vector<ChartLine> lines;
            for (int v = 0; v < n; ++v) {
                const auto &variant = scenario.variants[v];
                lines.push_back({.variant = v,
                                 .signal = signal,
                                 .name = QString::fromStdString(variant.id),
                                 .slot = v,
                                 .role = variant.role,
                                 .rank = roleRank(scenario, v)});
            }
            const SignalKind kind = signal.isState() ? SignalKind::State : group.kind;
            auto *chart = new TimeChart(kind, std::move(lines), TimeChart::Palette::Variants, this);
            chart->setTitle(QString::fromStdString(signal.label));
            connect(chart, &TimeChart::plotAreaChanged, this, &ComparisonView::alignTimeAxes, Qt::QueuedConnection);
            connect(chart, &TimeChart::cursorDragged, this, &ComparisonView::cursorDragged);
            chartGrid_->addWidget(chart, int(charts_.size()), 0);
            charts_.push_back(chart);
            signals_.push_back(signal);
        }
    if (scenario.percentileChart) {
        percentiles_ = new PercentileChart(scenario, this);
        percentiles_->setMinimumHeight(160);
        chartGrid_->addWidget(percentiles_, int(charts_.size()), 0);
    }
    arrange(manyVariants_ ? int(shownCharts().size()) : 1, false);
}

void ComparisonView::setSimulation(std::shared_ptr<const Simulation> simulation, const std::vector<double> &signalMax,
                                   double cursor)
{
    simulation_ = std::move(simulation);
    cursor_ = cursor;
    shownMarks_.assign(timelines_.size(), -1);
    for (std::size_t v = 0; v < timelines_.size(); ++v) {
        timelines_[v]->setVariant(simulation_, int(v));
        timelines_[v]->setCursorTime(cursor);
    }
    updateHeaders();
    for (std::size_t c = 0; c < charts_.size(); ++c) {
        // A variant off the top of the shared axis says so, with its peak, in the title.
        QStringList off;
        for (int v : simulation_->offTheTop(signals_[c]))
            if (const coro::Gauge *g = simulation_->variants[std::size_t(v)].recorder().findGauge(signals_[c].id))
                off << QStringLiteral("%1 peaks at %2").arg(QString::fromStdString(scenario_.variants[std::size_t(v)].label),
                                                           formatMetric(g->max, signals_[c].unit));
        // A signal no variant records here (the server, in retry's contention world, which has
        // none) would be an empty frame.
        charts_[c]->setVisible(std::any_of(simulation_->variants.begin(), simulation_->variants.end(), [&](const VariantResult &v) {
            return v.recorder().findGauge(signals_[c].id) != nullptr;
        }));
        // First: the chart names its dashed limits after it.
        charts_[c]->setTitle(QString::fromStdString(signals_[c].label),
                             off.isEmpty() ? QString() : QStringLiteral("↑ off the top: %1").arg(off.join(QStringLiteral(", "))));
        charts_[c]->setSimulation(simulation_, signalMax[c], cursor);
    }
    if (percentiles_)
        percentiles_->setSimulation(simulation_);
    if (available_ > 0)
        fitHeight(available_); // a chart shown or hidden for this run moves the others
}

QString ComparisonView::headerText(int index) const
{
    const auto &variant = scenario_.variants[index];
    const Theme &t = theme(dark_);
    const QColor colour = t.variantColor(variant.role, roleRank(scenario_, index));
    QString text = QStringLiteral("<span style='color:%1'>━━</span> <span style='color:%2; font-weight:600'>%3</span> <b>%4</b>")
                       .arg(colour.name(), t.roleColor(variant.role).name(),
                            QString::fromUtf8(scenarios::roleName(variant.role)).toUpper(),
                            QString::fromStdString(variant.label).toHtmlEscaped());
    if (!simulation_)
        return text;
    if (veiled_)
        return text + QStringLiteral(" &nbsp; <span style='color:%1'>%2</span>").arg(t.mutedText.name(), tr("(figures hidden: predict first)"));
    const auto &run = simulation_->variants[index].run;
    QStringList facts = headlineFacts(scenario_, run.metrics);
    // A variant that is over long before the axis ends says so: its timeline is nearly empty.
    // Red when it is over because everything failed, plain when it simply finished sooner.
    if (run.end_s < simulation_->end_s * 0.25) {
        const auto completed = run.metrics.get("completed");
        const auto failed = run.metrics.get("failed");
        if (completed && *completed == 0 && failed && *failed > 0)
            facts << QStringLiteral("<span style='color:%1'><b>%2</b></span>")
                         .arg(t.roleBad.name(), tr("all %1 failed by %2").arg(formatNumber(*failed), formatSeconds(run.end_s)));
        else
            facts << tr("done by <b>%1</b>").arg(formatSeconds(run.end_s));
    }
    // A variant that runs on past the time axis (an outlier the axis was cut short of) says
    // where it ends.
    if (windowTo_ > 0 && run.end_s > windowTo_ * 1.001)
        facts << QStringLiteral("<span style='color:%1'><b>%2</b></span>")
                     .arg(t.text.name(), tr("→ ends at %1, past the right edge").arg(formatSeconds(run.end_s)));
    text += QStringLiteral(" &nbsp; <span style='color:%1'>%2</span>").arg(t.mutedText.name(), facts.join(QStringLiteral(" · ")));
    // The story at the cursor: the latest mark so far, cut to the room the header has left (the
    // whole story is in the tooltip, and each mark on the timeline).
    const QStringList story = storySoFar(index);
    if (!story.isEmpty()) {
        const QLabel *header = headers_[std::size_t(index)];
        QTextDocument shown;
        shown.setDefaultFont(header->font());
        shown.setDocumentMargin(0);
        shown.setHtml(text);
        const QFontMetrics metrics(header->font());
        // Above its timeline a header spans the view (its own width may not be laid out yet).
        const int room = width() - int(std::ceil(shown.idealWidth())) - metrics.horizontalAdvance(QStringLiteral("    "));
        const QString line = metrics.elidedText(QStringLiteral("▸ ") + story.back(), Qt::ElideRight, room);
        if (room > metrics.horizontalAdvance(QStringLiteral("▸ 10 s: …")) && line != QStringLiteral("…"))
            text += QStringLiteral(" &nbsp; <span style='color:%1'>%2</span>").arg(t.text.name(), line.toHtmlEscaped());
    }
    return text;
}

QString ComparisonView::compactHeaderText(int index) const
{
    const auto &variant = scenario_.variants[index];
    const Theme &t = theme(dark_);
    const QString role = QString::fromUtf8(scenarios::roleName(variant.role)).toUpper();
    const QLabel *header = headers_[std::size_t(index)];
    QFont bold = header->font();
    bold.setBold(true);
    const int room = compactNameWidth() - QFontMetrics(header->font()).horizontalAdvance(QStringLiteral("━━  ") + role + QStringLiteral("  "));
    const QString name = QFontMetrics(bold).elidedText(QString::fromStdString(variant.label), Qt::ElideRight, std::max(20, room));
    return QStringLiteral("<span style='color:%1'>━━</span> <span style='color:%2; font-weight:600'>%3</span> <b>%4</b>")
        .arg(t.variantColor(variant.role, roleRank(scenario_, index)).name(), t.roleColor(variant.role).name(), role,
             name.toHtmlEscaped());
}

void ComparisonView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width()) {
        if (available_ > 0)
            fitHeight(available_); // a legend beside a chart may no longer fit its width
        std::fill(shownMarks_.begin(), shownMarks_.end(), -1);
        updateHeaders();
    }
}

QStringList ComparisonView::storySoFar(int index) const
{
    QStringList story;
    if (!simulation_ || veiled_)
        return story;
    for (const scenarios::Mark &m : simulation_->variants[std::size_t(index)].run.marks) {
        if (m.time_s > cursor_ + 1e-9)
            break;
        story << QStringLiteral("%1: %2").arg(formatSeconds(m.time_s), QString::fromStdString(m.text));
    }
    return story;
}

// A header is rewritten only when its story moves on: playback calls this every frame.
void ComparisonView::updateHeaders()
{
    for (std::size_t v = 0; v < headers_.size(); ++v) {
        const int told = int(storySoFar(int(v)).size());
        if (!simulation_ || told != shownMarks_[v]) {
            if (simulation_)
                shownMarks_[v] = told;
            // Beside its timeline a variant shows only its name; the figures and the story are
            // in the summary strip above and in the tooltip.
            if (compact_) {
                headers_[v]->setFixedWidth(compactNameWidth());
                headers_[v]->setText(compactHeaderText(int(v)));
                QStringList tip{headerText(int(v))};
                for (const QString &line : storySoFar(int(v)))
                    tip << line.toHtmlEscaped();
                headers_[v]->setToolTip(tip.join(QStringLiteral("<br>")));
            } else {
                headers_[v]->setMinimumWidth(0);
                headers_[v]->setMaximumWidth(QWIDGETSIZE_MAX);
                headers_[v]->setText(headerText(int(v)));
                headers_[v]->setToolTip(storySoFar(int(v)).join(QLatin1Char('\n')));
            }
        }
    }
}

void ComparisonView::setVeiled(bool veiled)
{
    veiled_ = veiled;
    for (auto *t : timelines_)
        t->setVeiled(veiled);
    shownMarks_.assign(headers_.size(), -1);
    updateHeaders();
}

void ComparisonView::setCursorTime(double seconds)
{
    cursor_ = seconds;
    updateHeaders();
    for (auto *t : timelines_)
        t->setCursorTime(seconds);
    for (auto *c : charts_)
        c->setCursorTime(seconds);
}

void ComparisonView::setWindow(double from, double to)
{
    windowTo_ = to > from ? to : 0;
    updateHeaders();
    for (auto *t : timelines_)
        t->setWindow(from, to);
    for (auto *c : charts_)
        c->setWindow(from, to);
}

void ComparisonView::alignTimeAxes()
{
    if (columns_ == 1) {
        gui::alignTimeAxes(charts_, timelines_);
        return;
    }
    // Side by side, the charts' time axes line up with each other, and the timelines keep
    // room for a lane's name.
    gui::alignTimeAxes(charts_, {});
    for (auto *t : timelines_)
        t->setMargins(int(std::round(t->fontMetrics().horizontalAdvance(QStringLiteral("request 000")) * 0.8 + 8)), 0);
}

void ComparisonView::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    for (auto *t : timelines_)
        t->setDark(dark);
    for (auto *c : charts_)
        c->setDark(dark, presentation);
    if (percentiles_)
        percentiles_->setDark(dark, presentation);
    shownMarks_.assign(headers_.size(), -1);
    updateHeaders();
}

} // namespace gui
