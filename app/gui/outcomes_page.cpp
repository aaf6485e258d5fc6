// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "outcomes_page.h"

#include "charts.h"
#include "format.h"
#include "simulation.h"
#include "theme.h"

#include "engine/recorder.h"

#include "scenarios/scenario.h"

#include <QChart>
#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace gui {

OutcomesPage::OutcomesPage(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("What became of the requests, over the run"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    note_ = new QLabel;
    note_->setWordWrap(true);
    note_->setTextFormat(Qt::RichText);
    layout->addWidget(note_);
    // The charts scroll under the note (a wrapped label inside a scroll area would size the
    // page to the charts' preferred height, not to the room there is).
    auto *scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *page = new QWidget;
    grid_ = new QGridLayout(page);
    grid_->setContentsMargins(0, 0, 0, 0);
    grid_->setSpacing(4);
    scroll->setWidget(page);
    layout->addWidget(scroll, 1);
}

void OutcomesPage::setSimulation(const scenarios::Scenario &scenario, std::shared_ptr<const Simulation> simulation)
{
    const std::size_t n = simulation->variants.size();
    if (charts_.size() != n) {
        for (auto *c : charts_)
            delete c;
        charts_.clear();
        // Up to four in a row: Retry's seven make two rows.
        const int columns = int(std::min<std::size_t>(n, 4));
        for (std::size_t v = 0; v < n; ++v) {
            auto *chart = new OutcomesChart;
            chart->setMinimumHeight(110);
            chart->chart()->legend()->hide(); // one legend for all, in the note above
            chart->setDark(dark_, presentation_);
            grid_->addWidget(chart, int(v) / columns, int(v) % columns);
            charts_.push_back(chart);
        }
    }
    simulation_ = simulation;
    updateNote();
    for (std::size_t v = 0; v < n; ++v) {
        charts_[v]->setVariant(simulation, int(v), simulation->end_s);
        charts_[v]->chart()->setTitle(QString::fromStdString(scenario.variants[v].label));
    }
}

// What the charts show, and one legend for them all: the kinds of answer that occurred.
void OutcomesPage::updateNote()
{
    if (!simulation_)
        return;
    const Theme &t = theme(dark_);
    QStringList kinds;
    for (int kind = 0; kind < coro::kAnswerKinds; ++kind)
        if (std::any_of(simulation_->variants.begin(), simulation_->variants.end(),
                        [kind](const VariantResult &v) { return v.run.outcomes.answers[kind] > 0; }))
            kinds << QStringLiteral("<span style='color:%1'>■</span> %2").arg(t.answerColor(kind).name(), answerLabel(kind));
    note_->setText(tr("What became of each variant's requests as the run went on: %1, stacked, under a dashed line of the "
                      "requests issued so far (the gap: sent, not answered yet).%2")
                       .arg(kinds.join(QStringLiteral(" &nbsp;")),
                            OutcomesChart::worthShowing(*simulation_) ? QString() : tr(" Every request here ended the same way.")));
}

void OutcomesPage::setDark(bool dark, bool presentation)
{
    dark_ = dark;
    presentation_ = presentation;
    for (auto *c : charts_)
        c->setDark(dark, presentation);
    updateNote();
}

} // namespace gui
