// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "parameter_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>

#include <cmath>

namespace gui {

namespace {
int decimalsFor(double step)
{
    int d = 0;
    while (d < 6 && std::abs(step * std::pow(10.0, d) - std::round(step * std::pow(10.0, d))) > 1e-9)
        ++d;
    return d;
}
} // namespace

ParameterPanel::ParameterPanel(QWidget *parent) : QWidget(parent)
{
    form_ = new QFormLayout(this);
    form_->setContentsMargins(0, 0, 0, 0);
    form_->setRowWrapPolicy(QFormLayout::WrapAllRows);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->setVerticalSpacing(4);
    connect(this, &ParameterPanel::changed, this, &ParameterPanel::showProblem);
}

// A combination the scenario refuses on the command line (a p99 no log-normal with that mean
// can have) is said here, in red under the sliders, with what the run does instead.
void ParameterPanel::showProblem()
{
    if (!problem_ || !scenario_)
        return;
    const std::string why = scenarios::checkParams(*scenario_, params());
    problem_->setText(why.empty() ? QString() : tr("%1. Until it changes, the run uses the largest allowed.").arg(QString::fromStdString(why)));
    form_->setRowVisible(problem_, !why.empty());
}

QString ParameterPanel::problem() const { return problem_ ? problem_->text() : QString(); }

// A range over more than two decades moves logarithmically, so that a small drag near 10
// changes 10 by a little, not by hundreds. A range from 0 keeps its first position for 0 and
// is logarithmic from its smallest step on.
int ParameterPanel::sliderPosition(const Row &row, double value) const
{
    const auto &r = std::get<scenarios::NumericRange>(row.parameter->kind);
    if (r.max <= r.min)
        return 0;
    if (!row.logScale)
        return int(std::lround(std::clamp((value - r.min) / (r.max - r.min), 0.0, 1.0) * row.positions));
    const int first = r.min < row.logFloor ? 1 : 0; // position 0 is the minimum itself (0)
    if (first && value < row.logFloor)
        return 0;
    const double f = std::log(value / row.logFloor) / std::log(r.max / row.logFloor);
    return first + int(std::lround(std::clamp(f, 0.0, 1.0) * (row.positions - first)));
}

double ParameterPanel::sliderValue(const Row &row, int position) const
{
    const auto &r = std::get<scenarios::NumericRange>(row.parameter->kind);
    double v = 0;
    if (row.logScale) {
        const int first = r.min < row.logFloor ? 1 : 0;
        v = first && position == 0 ? r.min
                                   : row.logFloor * std::pow(r.max / row.logFloor, double(position - first) / std::max(1, row.positions - first));
    } else {
        v = r.min + double(position) / std::max(1, row.positions) * (r.max - r.min);
    }
    return r.nearestStep(v);
}

void ParameterPanel::setScenario(const scenarios::Scenario &scenario, const scenarios::Params &params)
{
    scenario_ = &scenario;
    while (form_->rowCount() > 0)
        form_->removeRow(0);
    rows_.clear();
    rows_.reserve(scenario.parameters.size());
    for (const auto &p : scenario.parameters) {
        Row row;
        row.parameter = &p;
        auto *field = new QWidget(this);
        auto *h = new QHBoxLayout(field);
        h->setContentsMargins(0, 0, 0, 0);
        h->setSpacing(4);
        const QString label = QString::fromStdString(p.label);
        row.reset = new QToolButton(field);
        row.reset->setText(QStringLiteral("↺"));
        row.reset->setToolTip(tr("Reset %1 to its default").arg(label));
        row.reset->setAccessibleName(tr("Reset %1").arg(label));
        if (const auto *choices = std::get_if<scenarios::Choices>(&p.kind)) {
            row.combo = new QComboBox(field);
            for (const auto &c : choices->choices)
                row.combo->addItem(QString::fromStdString(c));
            row.combo->setAccessibleName(label);
            h->addWidget(row.combo, 1);
            connect(row.combo, &QComboBox::currentIndexChanged, this, [this] {
                showRelevantRows();
                if (!quiet_)
                    Q_EMIT changed();
            });
            const std::string id = p.id;
            connect(row.reset, &QToolButton::clicked, this, [this, id, def = choices->defaultValue] {
                choiceBox(id)->setCurrentText(QString::fromStdString(def));
            });
        } else {
            const auto &r = std::get<scenarios::NumericRange>(p.kind);
            const double steps = r.step > 0 ? (r.max - r.min) / r.step : 1000;
            row.logFloor = r.min > 0 ? r.min : std::max(r.step > 0 ? r.step : 0.0, r.max * 1e-4);
            row.logScale = row.logFloor > 0 && r.max / row.logFloor > 100;
            row.positions = row.logScale ? 1000 : int(std::min(1000.0, std::max(1.0, std::round(steps))));
            row.slider = new QSlider(Qt::Horizontal, field);
            row.slider->setRange(0, row.positions);
            row.slider->setAccessibleName(label);
            row.slider->setToolTip(QString::fromStdString(p.id));
            row.spin = new QDoubleSpinBox(field);
            row.spin->setDecimals(decimalsFor(r.step));
            row.spin->setRange(r.min, r.max);
            row.spin->setSingleStep(r.step > 0 ? r.step : 1);
            if (!p.unit.empty())
                row.spin->setSuffix(QLatin1Char(' ') + QString::fromStdString(p.unit));
            row.spin->setAccessibleName(tr("%1 value").arg(label));
            row.spin->setKeyboardTracking(false);
            row.spin->setMinimumWidth(92);
            h->addWidget(row.slider, 1);
            h->addWidget(row.spin);
            const std::size_t index = rows_.size();
            connect(row.slider, &QSlider::valueChanged, this, [this, index](int position) {
                Row &rw = rows_[index];
                const double v = sliderValue(rw, position);
                const QSignalBlocker block(rw.spin);
                rw.spin->setValue(v);
                if (!quiet_)
                    Q_EMIT changed();
            });
            connect(row.spin, &QDoubleSpinBox::valueChanged, this, [this, index](double v) {
                Row &rw = rows_[index];
                const QSignalBlocker block(rw.slider);
                rw.slider->setValue(sliderPosition(rw, v));
                if (!quiet_)
                    Q_EMIT changed();
            });
            connect(row.reset, &QToolButton::clicked, this, [this, index, def = r.defaultValue] {
                rows_[index].spin->setValue(def);
            });
        }
        h->addWidget(row.reset);
        auto *caption = new QLabel(label + QLatin1Char(':'), this);
        caption->setBuddy(row.slider ? static_cast<QWidget *>(row.slider) : row.combo);
        caption->setWordWrap(true);
        form_->addRow(caption, field);
        row.field = field;
        rows_.push_back(row);
    }
    problem_ = new QLabel(this);
    problem_->setObjectName(QStringLiteral("parameterProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #d32f2f; font-weight: 600;"));
    form_->addRow(problem_);
    setParams(params);
}

void ParameterPanel::showRelevantRows()
{
    const scenarios::Params current = params();
    for (const Row &row : rows_)
        form_->setRowVisible(row.field, row.parameter->appliesTo(current));
}

void ParameterPanel::showValue(Row &row, double value)
{
    const QSignalBlocker a(row.slider), b(row.spin);
    row.spin->setValue(value);
    row.slider->setValue(sliderPosition(row, value));
}

void ParameterPanel::setParams(const scenarios::Params &params)
{
    quiet_ = true;
    for (Row &row : rows_) {
        if (row.combo) {
            const QSignalBlocker block(row.combo);
            row.combo->setCurrentText(QString::fromStdString(params.choice(row.parameter->id)));
        } else {
            showValue(row, params.number(row.parameter->id));
        }
    }
    quiet_ = false;
    showRelevantRows();
    showProblem();
}

scenarios::Params ParameterPanel::params() const
{
    scenarios::Params p = scenario_ ? scenario_->defaults() : scenarios::Params{};
    for (const Row &row : rows_) {
        if (row.combo)
            p.setChoice(row.parameter->id, row.combo->currentText().toStdString());
        else
            p.setNumber(row.parameter->id, row.spin->value());
    }
    return p;
}

void ParameterPanel::resetAll()
{
    if (!scenario_)
        return;
    setParams(scenario_->defaults());
    Q_EMIT changed();
}

const ParameterPanel::Row *ParameterPanel::find(const std::string &id) const
{
    for (const Row &row : rows_)
        if (row.parameter->id == id)
            return &row;
    return nullptr;
}

QSlider *ParameterPanel::slider(const std::string &id) const
{
    const Row *r = find(id);
    return r ? r->slider : nullptr;
}

QDoubleSpinBox *ParameterPanel::spinBox(const std::string &id) const
{
    const Row *r = find(id);
    return r ? r->spin : nullptr;
}

QComboBox *ParameterPanel::choiceBox(const std::string &id) const
{
    const Row *r = find(id);
    return r ? r->combo : nullptr;
}

} // namespace gui
