// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "variant_pane.h"

#include "format.h"
#include "simulation.h"
#include "theme.h"
#include "timeline_view.h"

#include <QGridLayout>
#include <QLabel>

#include <cmath>

namespace gui {

VariantPane::VariantPane(const scenarios::Scenario &scenario, int index, const std::vector<SignalGroup> &groups,
                         QWidget *parent)
    : QFrame(parent), scenario_(scenario), index_(index)
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Variant %1").arg(QString::fromStdString(scenario.variants[index].label)));
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(6, 4, 6, 4);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    header_ = new QLabel(this);
    header_->setTextFormat(Qt::RichText);
    header_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    grid->addWidget(header_, 0, 0, 1, 2);
    timeline_ = new TimelineView(this);
    timeline_->setMinimumHeight(90);
    grid->addWidget(timeline_, 1, 0);
    int row = 2;
    for (const auto &g : groups) {
        std::vector<ChartLine> lines;
        for (const auto &signal : g.members)
            lines.push_back({.variant = index_, .signal = signal, .name = QString::fromStdString(signal.label), .slot = int(lines.size())});
        auto *chart = new TimeChart(g.kind, std::move(lines), TimeChart::Palette::Series, this);
        charts_.push_back(chart);
        grid->addWidget(chart, row++, 0);
        connect(chart, &TimeChart::plotAreaChanged, this, &VariantPane::alignTimeAxes, Qt::QueuedConnection);
    }
    latency_ = new LatencyChart(this); // hidden by the window when no variant records latency
    latency_->setFixedWidth(250);
    grid->addWidget(latency_, 1, 1, row - 1, 1);
    outcomes_ = new OutcomesChart(this); // hidden by the window when every request ends one way
    outcomes_->setMinimumHeight(110);
    grid->addWidget(outcomes_, row, 0, 1, 2);
    grid->setColumnStretch(0, 1);
    connect(timeline_, &TimelineView::cursorDragged, this, &VariantPane::cursorDragged);
}

void VariantPane::setSimulation(std::shared_ptr<const Simulation> simulation, const std::vector<double> &groupMax,
                                double latencyMax, double cursor)
{
    simulation_ = std::move(simulation);
    timeline_->setVariant(simulation_, index_);
    timeline_->setCursorTime(cursor);
    for (std::size_t i = 0; i < charts_.size(); ++i)
        charts_[i]->setSimulation(simulation_, groupMax[i], cursor);
    latency_->setVariant(simulation_, index_, latencyMax);
    outcomes_->setVariant(simulation_, index_, simulation_->end_s);
    header_->setText(headerText());
}

QString VariantPane::headerText() const
{
    const auto &variant = scenario_.variants[index_];
    const Theme &t = theme(dark_);
    const QColor role = t.roleColor(variant.role);
    QString text = QStringLiteral("<span style='color:%1; font-weight:600'>■ %2</span> &nbsp;<b>%3</b>")
                       .arg(role.name(), QString::fromUtf8(scenarios::roleName(variant.role)).toUpper(),
                            QString::fromStdString(variant.label).toHtmlEscaped());
    if (!simulation_ || veiled_)
        return text;
    const auto &m = simulation_->variants[index_].run.metrics;
    // The practice's headline metrics, as the summary strip names them.
    QStringList facts = headlineFacts(scenario_, m);
    const auto &v = simulation_->variants[index_];
    facts << QStringLiteral("tasks <b>%1</b> in <b>%2</b> lanes").arg(v.recorder().tasksSpawned()).arg(v.laneCount);
    return text + QStringLiteral(" &nbsp; <span style='color:%1'>%2</span>")
                      .arg(t.mutedText.name(), facts.join(QStringLiteral(" · ")));
}

void VariantPane::setVeiled(bool veiled)
{
    veiled_ = veiled;
    timeline_->setVeiled(veiled);
    header_->setText(headerText());
}

void VariantPane::alignTimeAxes() { gui::alignTimeAxes(charts_, {timeline_}); }

void VariantPane::setWindow(double from, double to)
{
    timeline_->setWindow(from, to);
    for (auto *c : charts_)
        c->setWindow(from, to);
}

void VariantPane::setCursorTime(double seconds)
{
    timeline_->setCursorTime(seconds);
    for (auto *c : charts_)
        c->setCursorTime(seconds);
}

void VariantPane::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    timeline_->setDark(dark);
    for (auto *c : charts_)
        c->setDark(dark, presentation);
    latency_->setDark(dark, presentation);
    outcomes_->setDark(dark, presentation);
    header_->setText(headerText());
}

} // namespace gui
