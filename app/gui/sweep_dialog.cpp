// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "sweep_dialog.h"

#include "charts.h"
#include "file_places.h"
#include "format.h"
#include "theme.h"

#include "engine/export.h"
#include "engine/output_file.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QImage>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QThread>
#include <QThreadPool>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

SweepDialog::SweepDialog(const scenarios::Scenario &scenario, const scenarios::Params &params, std::uint64_t seed, bool dark,
                         QWidget *parent)
    : QDialog(parent), scenario_(scenario), params_(params), seed_(seed), dark_(dark)
{
    setWindowTitle(scenario.practice > 0 ? tr("Sweep — %1. %2").arg(scenario.practice).arg(qs(scenario.title))
                                         : tr("Sweep — %1").arg(qs(scenario.title)));
    setAccessibleName(tr("Parameter sweep"));
    resize(1100, 760);
    auto *layout = new QVBoxLayout(this);
    auto *form = new QHBoxLayout;
    parameter_ = new QComboBox;
    parameter_->setAccessibleName(tr("Parameter to sweep"));
    for (const auto &p : scenario.parameters)
        if (!p.isChoice() && p.appliesTo(params))
            parameter_->addItem(qs(p.label) + (p.unit.empty() ? QString() : QStringLiteral(" (%1)").arg(qs(p.unit))), qs(p.id));
    from_ = new QDoubleSpinBox;
    to_ = new QDoubleSpinBox;
    count_ = new QSpinBox;
    count_->setRange(2, 50);
    count_->setValue(8);
    from_->setAccessibleName(tr("From"));
    to_->setAccessibleName(tr("To"));
    count_->setAccessibleName(tr("Points"));
    run_ = new QPushButton(tr("&Run sweep"));
    run_->setDefault(true);
    form->addWidget(new QLabel(tr("Sweep")));
    form->addWidget(parameter_, 1);
    form->addWidget(new QLabel(tr("from")));
    form->addWidget(from_);
    form->addWidget(new QLabel(tr("to")));
    form->addWidget(to_);
    form->addWidget(new QLabel(tr("points")));
    form->addWidget(count_);
    form->addWidget(run_);
    layout->addLayout(form);
    auto *extraRow = new QHBoxLayout;
    extra_ = new QComboBox;
    extra_->setAccessibleName(tr("Another metric to chart"));
    extra_->addItem(tr("the headline metrics only"), QString());
    for (const auto &m : scenario.metrics)
        if (!m.headline)
            extra_->addItem(tr("and %1").arg(qs(m.label)), qs(m.id));
    extraRow->addWidget(new QLabel(tr("Chart")));
    extraRow->addWidget(extra_);
    extraRow->addStretch(1);
    layout->addLayout(extraRow);
    connect(extra_, &QComboBox::currentIndexChanged, this, [this] {
        if (!points_.empty() && !running_)
            showPoints(points_);
    });

    auto *progressRow = new QHBoxLayout;
    progress_ = new QProgressBar;
    progress_->setAccessibleName(tr("Sweep progress"));
    status_ = new QLabel(tr("Every variant runs at each value, the other parameters as they are now."));
    status_->setWordWrap(true);
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(status_, 3);
    layout->addLayout(progressRow);

    chartArea_ = new QWidget;
    chartGrid_ = new QGridLayout(chartArea_);
    chartGrid_->setContentsMargins(0, 0, 0, 0);
    chartGrid_->setColumnStretch(0, 1);
    chartGrid_->setColumnStretch(1, 1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(chartArea_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(scroll, 1);

    auto *buttons = new QHBoxLayout;
    exportCsv_ = new QPushButton(tr("Export &CSV…"));
    exportPng_ = new QPushButton(tr("Export &PNG…"));
    auto *close = new QPushButton(tr("Close"));
    exportCsv_->setEnabled(false);
    exportPng_->setEnabled(false);
    buttons->addStretch(1);
    buttons->addWidget(exportCsv_);
    buttons->addWidget(exportPng_);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(parameter_, &QComboBox::currentIndexChanged, this, &SweepDialog::parameterChanged);
    connect(run_, &QPushButton::clicked, this, &SweepDialog::start);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(exportCsv_, &QPushButton::clicked, this, [this] {
        const QString path = chooseSaveFile(this, tr("Export sweep"), qs(scenario_.id + "-sweep-" + sweep_.parameter) + ".csv", tr("CSV (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::warning(this, tr("Cannot export the sweep"), error);
    });
    connect(exportPng_, &QPushButton::clicked, this, [this] {
        const QString path = chooseSaveFile(this, tr("Export sweep charts"), qs(scenario_.id + "-sweep-" + sweep_.parameter) + ".png", tr("PNG (*.png)"));
        QString error;
        if (!path.isEmpty() && !exportPng(path, &error))
            QMessageBox::warning(this, tr("Cannot export the charts"), error);
    });
    parameterChanged();
}

SweepDialog::~SweepDialog() { stop_->store(scenarios::StopRequest::Abandon); }

void SweepDialog::done(int result)
{
    stop_->store(scenarios::StopRequest::Abandon);
    QDialog::done(result);
}

std::string SweepDialog::extraMetric() const { return extra_->currentData().toString().toStdString(); }

bool SweepDialog::setExtraMetric(const std::string &id)
{
    const int index = extra_->findData(qs(id));
    if (index < 0)
        return false;
    extra_->setCurrentIndex(index);
    return true;
}

void SweepDialog::parameterChanged()
{
    const auto *p = scenario_.findParameter(parameter_->currentData().toString().toStdString());
    if (!p)
        return;
    const auto &range = std::get<scenarios::NumericRange>(p->kind);
    const int decimals = range.step >= 1 ? 0 : int(std::ceil(-std::log10(range.step)));
    for (QDoubleSpinBox *box : {from_, to_}) {
        box->setDecimals(decimals);
        box->setRange(range.min, range.max);
        box->setSingleStep(range.step);
        box->setSuffix(p->unit.empty() ? QString() : QLatin1Char(' ') + qs(p->unit));
    }
    // Around the current value: from its tenth (or the minimum) to ten times it (or the maximum),
    // each on the parameter's steps, as a sweep's ends must be.
    const double now = params_.number(p->id);
    from_->setValue(range.nearestStep(now > 0 ? now / 10 : range.min));
    to_->setValue(range.nearestStep(now > 0 ? now * 10 : range.max));
    if (from_->value() == to_->value())
        to_->setValue(range.max);
    // A default end where no variant answers anything (a latency past every timeout) would
    // spend the sweep's points on nothing: the end comes halfway back, up to 8 times. The
    // probes run here, on the window's thread, so each is small (somethingAnswers()).
    for (int tries = 0; tries < 8 && !somethingAnswers(p->id, to_->value()); ++tries) {
        const double back = range.nearestStep(std::max(now, from_->value()) + (to_->value() - std::max(now, from_->value())) / 2);
        if (back >= to_->value() || back <= from_->value())
            break;
        to_->setValue(back);
    }
}

bool SweepDialog::somethingAnswers(const std::string &parameter, double value) const
{
    scenarios::Params p = params_;
    p.setNumber(parameter, value);
    if (!scenarios::checkParams(scenario_, p).empty())
        return false;
    // The first 200 units of work tell whether any is answered at this value, at a fraction of
    // the cost (unless the load itself is what is swept).
    for (const char *load : {"requests", "items", "jobs", "clients"})
        if (parameter != load && p.numbers().count(load) && p.number(load) > 200)
            p.setNumber(load, 200);
    for (const auto &variant : scenario_.variants) {
        // A probe, not a run to show: no timeline, and 20,000 events a variant, so that the
        // dialog opens at once (a probe cut short cannot tell, and leaves the end where it is).
        const scenarios::VariantRun run = scenarios::runVariant(
            scenario_, variant, p, seed_,
            {.timeline = false, .maxEvents = 20'000 * scenario_.variants.size(), .maxMemoryBytes = scenarios::kDefaultMaxMemoryBytes / 8});
        if (run.truncated() || run.outcomes.requests == 0 || run.outcomes.of(coro::Answer::Ok) > 0)
            return true;
    }
    return false;
}

bool SweepDialog::setParameter(const std::string &parameter)
{
    const int index = parameter_->findData(qs(parameter));
    if (index < 0)
        return false;
    parameter_->setCurrentIndex(index);
    parameterChanged();
    return true;
}

std::tuple<double, double, int> SweepDialog::range() const { return {from_->value(), to_->value(), count_->value()}; }

bool SweepDialog::setSweep(const std::string &parameter, double from, double to, int points)
{
    const int index = parameter_->findData(qs(parameter));
    if (index < 0)
        return false;
    parameter_->setCurrentIndex(index);
    from_->setValue(from);
    to_->setValue(to);
    count_->setValue(points);
    return from_->value() == from && to_->value() == to && count_->value() == points;
}

void SweepDialog::start()
{
    if (running_)
        return;
    std::string error;
    const std::string text = parameter_->currentData().toString().toStdString() + "=" + std::to_string(from_->value()) + ":" +
                             std::to_string(to_->value()) + ":" + std::to_string(count_->value());
    scenarios::Sweep sweep;
    if (!scenarios::parseSweep(scenario_, text, &sweep, &error)) {
        QMessageBox::warning(this, tr("Cannot run this sweep"), qs(error));
        return;
    }
    sweep_ = sweep;
    running_ = true;
    run_->setEnabled(false);
    const int total = int(sweep.values(scenario_).size() * scenario_.variants.size());
    progress_->setRange(0, total);
    progress_->setValue(0);
    status_->setText(tr("Running %1 simulations…").arg(total));
    std::vector<const scenarios::Variant *> variants;
    for (const auto &v : scenario_.variants)
        variants.push_back(&v);
    // The runs go on on the pool's threads; progress and the result come back as queued calls,
    // dropped if the dialog has gone.
    QPointer<SweepDialog> self(this);
    QThreadPool::globalInstance()->start([self, stop = stop_, scenario = &scenario_, params = params_, variants, sweep,
                                          seed = seed_] {
        auto points = scenarios::runSweep(*scenario, params, variants, sweep, seed, std::max(1, QThread::idealThreadCount()),
                                          [self, stop](int done, int) {
                                              if (stop->load() == scenarios::StopRequest::None)
                                                  QMetaObject::invokeMethod(QCoreApplication::instance(), [self, done] {
                                                      if (self)
                                                          self->progress_->setValue(std::max(self->progress_->value(), done));
                                                  });
                                          },
                                          {.stop = stop.get()});
        if (stop->load() == scenarios::StopRequest::Abandon)
            return; // the dialog has gone
        QMetaObject::invokeMethod(QCoreApplication::instance(), [self, points = std::move(points)]() mutable {
            if (self)
                self->showPoints(std::move(points));
        });
    });
}

void SweepDialog::showPoints(std::vector<scenarios::SweepPoint> points)
{
    points_ = std::move(points);
    running_ = false;
    run_->setEnabled(true);
    progress_->setValue(progress_->maximum());
    for (QWidget *c : charts_)
        delete c;
    charts_.clear();
    const Theme &t = theme(dark_);
    const scenarios::Parameter &p = *scenario_.findParameter(sweep_.parameter);
    int slot = 0;
    for (const auto &m : scenario_.metrics) {
        if (!m.headline && m.id != extraMetric())
            continue;
        const bool reported = std::any_of(points_.begin(), points_.end(), [&](const scenarios::SweepPoint &point) {
            return std::any_of(point.runs.begin(), point.runs.end(), [&](const scenarios::VariantRun &r) { return r.metrics.has(m.id); });
        });
        if (!reported) // not in this world (the flaky one's 400s, under contention)
            continue;
        auto *chart = new QChart;
        chart->setTitle(qs(m.label) + QStringLiteral(" against ") + qs(p.label).toLower());
        chart->legend()->setAlignment(Qt::AlignRight);
        chart->setBackgroundBrush(t.background);
        chart->setTitleBrush(t.text);
        chart->legend()->setLabelColor(t.text);
        auto *x = new QValueAxis;
        auto *y = new QValueAxis;
        x->setTitleText(qs(p.label) + (p.unit.empty() ? QString() : QStringLiteral(" (%1)").arg(qs(p.unit))));
        x->setLabelFormat(QStringLiteral("%g"));
        y->setLabelFormat(QStringLiteral("%g"));
        // Ticks on round values (0, 10, 20...), not the range split in equal parts (10.75); the
        // interval before the range, so that no range ever meets a tiny interval.
        const auto &range = std::get<scenarios::NumericRange>(p.kind);
        x->setTickInterval(std::max(range.step >= 1 ? 1.0 : 0.0, niceCeil(std::abs(sweep_.to - sweep_.from) / 6)));
        for (QValueAxis *a : {x, y}) {
            a->setTickAnchor(0);
            a->setTickType(QValueAxis::TicksDynamic);
        }
        x->setRange(sweep_.from, sweep_.to);
        for (QValueAxis *a : {x, y}) {
            a->setLabelsColor(t.text);
            a->setTitleBrush(t.mutedText);
            a->setGridLineColor(t.grid);
        }
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        double top = 0;
        for (std::size_t v = 0; v < scenario_.variants.size(); ++v) {
            const auto &variant = scenario_.variants[v];
            auto *line = new QLineSeries;
            line->setName(qs(variant.id));
            line->setPointsVisible(true);
            QPen pen(t.variantColor(variant.role, roleRank(scenario_, int(v))), 2);
            pen.setStyle(Theme::variantDash(int(v)));
            line->setPen(pen);
            for (const auto &point : points_)
                if (const auto value = point.runs[v].metrics.get(m.id)) {
                    line->append(point.value, *value);
                    top = std::max(top, *value);
                }
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
        const double yTop = niceCeil(top * 1.1);
        y->setTickInterval(niceCeil(yTop / 5));
        y->setRange(0, yTop);
        auto *view = new QChartView(chart);
        view->setMinimumHeight(260);
        view->setRenderHint(QPainter::Antialiasing);
        view->setAccessibleName(chart->title());
        chartGrid_->addWidget(view, slot / 2, slot % 2);
        charts_.push_back(view);
        ++slot;
    }
    exportCsv_->setEnabled(true);
    exportPng_->setEnabled(true);
    status_->setText(tr("%1 values × %2 variants, seed %3.").arg(points_.size()).arg(scenario_.variants.size()).arg(seed_));
    Q_EMIT finished();
}

std::vector<std::vector<int>> SweepDialog::linePoints() const
{
    std::vector<std::vector<int>> out;
    for (QWidget *w : charts_) {
        std::vector<int> lines;
        for (auto *s : static_cast<QChartView *>(w)->chart()->series())
            lines.push_back(int(static_cast<QLineSeries *>(s)->count()));
        out.push_back(lines);
    }
    return out;
}

QByteArray SweepDialog::csv() const
{
    std::vector<const coro::Metrics *> all;
    for (const auto &p : points_)
        for (const auto &r : p.runs)
            all.push_back(&r.metrics);
    const std::vector<std::string> ids = metricOrder(scenario_, all);
    QByteArray out = QByteArray::fromStdString(sweep_.parameter) + ",variant";
    for (const auto &id : ids)
        out += ',' + QByteArray::fromStdString(id);
    out += '\n';
    for (const auto &p : points_)
        for (const auto &r : p.runs) {
            out += QByteArray::number(p.value, 'g', 12) + ',' + QByteArray::fromStdString(r.variant->id);
            for (const auto &id : ids) {
                out += ',';
                if (const auto v = r.metrics.get(id))
                    out += QByteArray::number(*v, 'g', 12);
            }
            out += '\n';
        }
    return out;
}

bool SweepDialog::exportCsv(const QString &path, QString *error) const { return coro::saveFile(path, csv(), error); }

bool SweepDialog::exportPng(const QString &path, QString *error)
{
    const QImage image = chartArea_->grab().toImage();
    return coro::saveFile(path, [&](QIODevice &device) { return image.save(&device, "PNG"); }, error);
}

} // namespace gui
