// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The scenario's parameters: each a slider with a spin box (unit as suffix) and a reset
// button, or a choice box. Any change is reported at once, while the slider moves.
#pragma once

#include "scenarios/scenario.h"

#include <QWidget>

#include <vector>

class QFormLayout;
class QSlider;
class QDoubleSpinBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace gui {

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(QWidget *parent = nullptr);

    void setScenario(const scenarios::Scenario &scenario, const scenarios::Params &params);
    /// Shows these values without reporting a change.
    void setParams(const scenarios::Params &params);
    scenarios::Params params() const;
    void resetAll();

    QSlider *slider(const std::string &id) const;
    QDoubleSpinBox *spinBox(const std::string &id) const;
    QComboBox *choiceBox(const std::string &id) const;
    /// What the values cannot be together (Scenario::check), shown under them; empty when fine.
    QString problem() const;

Q_SIGNALS:
    void changed();

private:
    struct Row {
        const scenarios::Parameter *parameter = nullptr;
        QSlider *slider = nullptr;
        QDoubleSpinBox *spin = nullptr;
        QComboBox *combo = nullptr;
        QToolButton *reset = nullptr;
        bool logScale = false;
        double logFloor = 0; ///< the smallest value on the logarithmic part of the scale
        QWidget *field = nullptr;
        int positions = 0;
    };
    int sliderPosition(const Row &row, double value) const;
    double sliderValue(const Row &row, int position) const;
    void showValue(Row &row, double value);
    /// Hides the parameters that do not matter under the current choices.
    void showRelevantRows();
    const Row *find(const std::string &id) const;

    void showProblem();

    const scenarios::Scenario *scenario_ = nullptr;
    QFormLayout *form_ = nullptr;
    QLabel *problem_ = nullptr; ///< Scenario::check's refusal, with what the run does instead
    std::vector<Row> rows_;
    bool quiet_ = false;
};

} // namespace gui
