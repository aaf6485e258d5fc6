// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Predict, then reveal: a bar above the summary strip asks the practice's questions one by
// one ("Without a limiter, how many of 100 requests get a 429?"). While a question is open the
// window hides the run whole (its timelines, charts, time and numbers would answer it) and it
// waits at 0; the lesson's problem and the code stay, to reason from. The answer comes from the
// run on screen, within the question's tolerance, and the feedback says why the run gives it.
#pragma once

#include "simulation.h"

#include <QFrame>

#include <memory>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace scenarios {
struct Scenario;
}

namespace gui {

class PredictionBar : public QFrame {
    Q_OBJECT
public:
    explicit PredictionBar(QWidget *parent = nullptr);

    void setDark(bool dark) { dark_ = dark; }
    /// Starts on the scenario's first question.
    void ask(const scenarios::Scenario &scenario);
    /// The run whose numbers answer the questions (the one on screen).
    void setSimulation(std::shared_ptr<const Simulation> simulation);
    /// A question is waiting for an answer: the numbers stay hidden.
    bool asking() const { return asking_; }
    int questionIndex() const { return index_; }
    QString questionText() const;
    QDoubleSpinBox *answerBox() const { return answer_; }
    /// What the bar said about the last answer.
    QString feedback() const;
    int rightCount() const { return right_; }

    /// Checks the answer in the box against the run (nothing happens while no run is shown).
    void check();
    /// Moves on: to the next question, or reveals.
    void next();
    /// Reveals at once, without answering.
    void skipAll();

Q_SIGNALS:
    /// Question `index` was answered, rightly or not (the window keeps the score).
    void answered(int index, bool right);
    /// No question is open any more: show the numbers.
    void revealed();

private:
    void showQuestion();
    void finish();

    const scenarios::Scenario *scenario_ = nullptr;
    std::shared_ptr<const Simulation> simulation_;
    int index_ = 0;
    int right_ = 0;
    int answered_ = 0;
    bool asking_ = false;
    bool dark_ = false;
    QLabel *question_ = nullptr;
    QDoubleSpinBox *answer_ = nullptr;
    QPushButton *check_ = nullptr;
    QPushButton *next_ = nullptr;
    QPushButton *skip_ = nullptr;
    QLabel *feedback_ = nullptr;
};

} // namespace gui
