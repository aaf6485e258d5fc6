// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Outcomes tab: what became of each variant's requests over the run, one small stacked
// chart per variant on one time axis, so the comparison layout shows when refusals, timeouts
// or failures pile up, not only how many there were at the end (the summary strip's bars).
#pragma once

#include <QWidget>

#include <memory>
#include <vector>

class QGridLayout;
class QLabel;

namespace scenarios {
struct Scenario;
}

namespace gui {

struct Simulation;
class OutcomesChart;

class OutcomesPage : public QWidget {
    Q_OBJECT
public:
    explicit OutcomesPage(QWidget *parent = nullptr);
    void setSimulation(const scenarios::Scenario &scenario, std::shared_ptr<const Simulation> simulation);
    void setDark(bool dark, bool presentation);
    const std::vector<OutcomesChart *> &charts() const { return charts_; }

private:
    void updateNote();

    std::shared_ptr<const Simulation> simulation_;
    QLabel *note_ = nullptr;
    QGridLayout *grid_ = nullptr;
    std::vector<OutcomesChart *> charts_;
    bool dark_ = false;
    bool presentation_ = false;
};

} // namespace gui
