// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "prediction_bar.h"

#include "format.h"
#include "theme.h"

#include "engine/metrics.h"
#include "scenarios/scenario.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

PredictionBar::PredictionBar(QWidget *parent) : QFrame(parent)
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Predict, then reveal"));
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    auto *title = new QLabel(tr("<b>Predict</b>"));
    question_ = new QLabel;
    question_->setWordWrap(true);
    question_->setAccessibleName(tr("Question"));
    answer_ = new QDoubleSpinBox;
    answer_->setAccessibleName(tr("Your answer"));
    answer_->setRange(0, 1e9);
    answer_->setMinimumWidth(110);
    check_ = new QPushButton(tr("Check"));
    next_ = new QPushButton(tr("Next question"));
    skip_ = new QPushButton(tr("Show the numbers"));
    skip_->setToolTip(tr("Skip the questions and show every number now"));
    feedback_ = new QLabel;
    feedback_->setWordWrap(true);
    feedback_->setAccessibleName(tr("How the answer compares with the run"));
    layout->addWidget(title, 0, 0);
    layout->addWidget(question_, 0, 1);
    layout->addWidget(answer_, 0, 2);
    layout->addWidget(check_, 0, 3);
    layout->addWidget(next_, 0, 4);
    layout->addWidget(skip_, 0, 5);
    layout->addWidget(feedback_, 1, 1, 1, 5);
    layout->setColumnStretch(1, 1);
    connect(check_, &QPushButton::clicked, this, &PredictionBar::check);
    connect(answer_, &QDoubleSpinBox::valueChanged, this, [this](double v) { check_->setEnabled(asking_ && v > answer_->minimum()); });
    connect(answer_, &QDoubleSpinBox::editingFinished, this, [this] {
        if (check_->isVisible() && check_->isEnabled() && answer_->hasFocus())
            check();
    });
    connect(next_, &QPushButton::clicked, this, &PredictionBar::next);
    connect(skip_, &QPushButton::clicked, this, [this] {
        if (asking_)
            skipAll();
        else
            hide();
    });
    hide();
}

void PredictionBar::ask(const scenarios::Scenario &scenario)
{
    scenario_ = &scenario;
    index_ = 0;
    right_ = 0;
    answered_ = 0;
    if (scenario.questions.empty()) {
        asking_ = false;
        hide();
        return;
    }
    asking_ = true;
    showQuestion();
    show();
}

void PredictionBar::setSimulation(std::shared_ptr<const Simulation> simulation)
{
    simulation_ = std::move(simulation);
    if (asking_)
        question_->setText(questionText()); // the text names the values now set
}

QString PredictionBar::questionText() const
{
    if (!scenario_ || index_ >= int(scenario_->questions.size()))
        return {};
    const scenarios::Params params = simulation_ && simulation_->scenario == scenario_ ? simulation_->params : scenario_->defaults();
    return qs(scenario_->questions[std::size_t(index_)].ask(params));
}

QString PredictionBar::feedback() const { return feedback_->text(); }

void PredictionBar::showQuestion()
{
    const scenarios::Question &q = scenario_->questions[std::size_t(index_)];
    question_->setText(questionText());
    const coro::MetricSpec *spec = scenario_->findMetric(q.metric);
    const coro::Unit unit = spec ? spec->unit : coro::Unit::Count;
    answer_->setPrefix(unit == coro::Unit::Money ? QStringLiteral("$") : QString());
    answer_->setSuffix(unit == coro::Unit::Seconds     ? QStringLiteral(" s")
                       : unit == coro::Unit::PerSecond ? QStringLiteral("/s")
                       : unit == coro::Unit::Ratio     ? QStringLiteral("×")
                                                       : QString());
    answer_->setDecimals(unit == coro::Unit::Count ? 0 : unit == coro::Unit::PerSecond ? 1 : unit == coro::Unit::Seconds ? 3 : 2);
    answer_->setSingleStep(unit == coro::Unit::Count ? 1 : unit == coro::Unit::Seconds ? 0.1 : 0.01);
    // No answer until one is given: a box that starts at 0 would be right wherever 0 is the
    // answer (how many succeed with immediate retries?). One step below 0 reads "?".
    answer_->setRange(-answer_->singleStep(), 1e9);
    answer_->setSpecialValueText(tr("?"));
    answer_->setValue(answer_->minimum());
    answer_->setEnabled(true);
    answer_->selectAll();
    check_->show();
    check_->setEnabled(false); // until there is an answer to check
    next_->hide();
    skip_->setText(tr("Show the numbers"));
    feedback_->setText(tr("Question %1 of %2. The run stays hidden until you answer; the lesson's problem and the code are there to reason from.")
                           .arg(index_ + 1)
                           .arg(scenario_->questions.size()));
}

void PredictionBar::check()
{
    if (!asking_ || !simulation_ || simulation_->scenario != scenario_)
        return;
    const scenarios::Question &q = scenario_->questions[std::size_t(index_)];
    const auto *variant = scenario_->findVariant(q.variant);
    const auto at = std::size_t(variant - scenario_->variants.data());
    const auto truth = simulation_->variants[at].run.metrics.get(q.metric);
    if (!truth) { // these values give the variant nothing to count: no answer to check
        feedback_->setText(tr("This run has no such number (%1 reports no %2 with these values); skipped.")
                               .arg(qs(variant->label), qs(q.metric)));
        next();
        return;
    }
    const coro::Unit unit = metricUnit(*scenario_, q.metric);
    if (answer_->value() <= answer_->minimum()) // "?": nothing answered yet
        return;
    const double answer = answer_->value();
    const bool right = q.accepts(answer, *truth);
    ++answered_;
    right_ += right;
    const Theme &t = theme(dark_);
    const QString verdict = right ? QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(t.roleGood.name(), tr("Right."))
                                  : QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(t.roleBad.name(), tr("Not quite."));
    QString text = tr("%1 The run gives <b>%2</b>; you said %3.").arg(verdict, formatMetric(*truth, unit), formatMetric(answer, unit));
    if (const std::string why = q.explain(simulation_->params); !why.empty())
        text += QLatin1Char(' ') + qs(why).toHtmlEscaped();
    Q_EMIT answered(index_, right);
    answer_->setEnabled(false);
    check_->setEnabled(false);
    if (index_ + 1 < int(scenario_->questions.size())) {
        next_->show();
        next_->setFocus();
        feedback_->setText(text);
        return;
    }
    feedback_->setText(text + QLatin1Char(' ') + tr("%1 of %2 right on this practice.").arg(right_).arg(answered_));
    finish();
}

void PredictionBar::next()
{
    if (!asking_)
        return;
    if (++index_ < int(scenario_->questions.size())) {
        showQuestion();
        return;
    }
    finish();
}

void PredictionBar::skipAll()
{
    feedback_->clear();
    finish();
    hide();
}

void PredictionBar::finish()
{
    asking_ = false;
    check_->hide();
    next_->hide();
    answer_->setEnabled(false);
    skip_->setText(tr("Close"));
    Q_EMIT revealed();
}

} // namespace gui
