// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Parameter sweeps in the window: pick a numeric parameter, a range and a number of points;
// every variant runs at each value on worker threads (the runs are deterministic, so threads
// change no number), with progress shown. One chart per headline metric plots it against the
// parameter, a line per variant in its colour and dash. The result exports as CSV and PNG.
#pragma once

#include "scenarios/sweep.h"

#include <QDialog>

#include <atomic>
#include <memory>
#include <tuple>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace gui {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    SweepDialog(const scenarios::Scenario &scenario, const scenarios::Params &params, std::uint64_t seed, bool dark,
                QWidget *parent = nullptr);
    ~SweepDialog() override;

    /// Sets the sweep (for tests and presets); false when the values are refused.
    bool setSweep(const std::string &parameter, double from, double to, int points);
    /// Chooses the parameter to sweep, its range set to the default; false when it is not offered.
    bool setParameter(const std::string &parameter);
    /// The range set: from, to and points.
    std::tuple<double, double, int> range() const;
    /// A metric charted besides the headline ones ("" for none); false when it is not one of the
    /// practice's other declared metrics.
    bool setExtraMetric(const std::string &id);
    std::string extraMetric() const;
    /// Starts the runs on worker threads; finished() follows.
    void start();
    bool running() const { return running_; }
    const std::vector<scenarios::SweepPoint> &points() const { return points_; }
    /// One chart per headline metric, and one for the extra metric if chosen.
    int chartCount() const { return int(charts_.size()); }
    /// Points in each chart's line for each variant: [chart][variant].
    std::vector<std::vector<int>> linePoints() const;
    /// Rows of value, variant, then every metric the runs report.
    QByteArray csv() const;
    bool exportCsv(const QString &path, QString *error) const;
    bool exportPng(const QString &path, QString *error);

Q_SIGNALS:
    void finished();

protected:
    /// Closed or dismissed (a close rejects, which comes here), the dialog stops its runs at
    /// once; it is deleted later.
    void done(int result) override;

private:
    /// Whether some variant answers a request at all with the parameter at this value.
    bool somethingAnswers(const std::string &parameter, double value) const;
    void parameterChanged();
    void showPoints(std::vector<scenarios::SweepPoint> points);

    const scenarios::Scenario &scenario_;
    scenarios::Params params_;
    std::uint64_t seed_;
    bool dark_;
    scenarios::Sweep sweep_;
    QComboBox *parameter_ = nullptr;
    QComboBox *extra_ = nullptr;
    QDoubleSpinBox *from_ = nullptr;
    QDoubleSpinBox *to_ = nullptr;
    QSpinBox *count_ = nullptr;
    QPushButton *run_ = nullptr;
    QPushButton *exportCsv_ = nullptr;
    QPushButton *exportPng_ = nullptr;
    QProgressBar *progress_ = nullptr;
    QLabel *status_ = nullptr;
    QWidget *chartArea_ = nullptr;
    QGridLayout *chartGrid_ = nullptr;
    std::vector<QWidget *> charts_;
    std::vector<scenarios::SweepPoint> points_;
    bool running_ = false;
    /// Abandon once the dialog has gone: the sweep's runs stop, and nothing comes back.
    std::shared_ptr<std::atomic<scenarios::StopRequest>> stop_ =
        std::make_shared<std::atomic<scenarios::StopRequest>>(scenarios::StopRequest::None);
};

} // namespace gui
