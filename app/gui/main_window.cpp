// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "main_window.h"

#include "charts.h"
#include "code_highlighter.h"
#include "comparison_view.h"
#include "file_places.h"
#include "format.h"
#include "parameter_panel.h"
#include "simulation.h"
#include "summary.h"
#include "theme.h"
#include "metrics_model.h"
#include "sweep_dialog.h"
#include "code_view.h"
#include "prediction_bar.h"
#include "outcomes_page.h"
#include "shortcuts_dialog.h"
#include "guide_page.h"
#include "lab_editor.h"
#include "timeline_view.h"
#include "variant_pane.h"

#include "engine/export.h"
#include "engine/input_file.h"
#include "engine/output_file.h"
#include "engine/recorder.h"
#include "scenarios/lab.h"
#include "scenarios/preset.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QJsonDocument>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QProgressBar>
#include <QSettings>
#include <QStackedWidget>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QScrollBar>
#include <QSvgGenerator>
#include <QTabWidget>
#include <QDesktopServices>
#include <QUrl>
#include <QLocale>
#include <QTableView>
#include <QTextBrowser>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace gui {

namespace {

constexpr int kSliderPositions = 10000;
constexpr double kSpeeds[] = {0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100};

QString qs(const std::string &s) { return QString::fromStdString(s); }

QString speedText(double s) { return QString::number(s) + QStringLiteral("×"); }

QString readResource(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

} // namespace

MainWindow::MainWindow(WindowOptions options, QWidget *parent) : QMainWindow(parent), options_(options)
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    baseFontSize_ = QApplication::font().pointSizeF();
    simulator_ = new Simulator(this);
    if (options_.maxEvents)
        simulator_->setMaxEvents(*options_.maxEvents);
    connect(simulator_, &Simulator::finished, this, &MainWindow::showSimulation);
    timer_ = new QTimer(this);
    timer_->setTimerType(Qt::PreciseTimer);
    timer_->setInterval(16);
    connect(timer_, &QTimer::timeout, this, &MainWindow::tick);

    buildLayout();
    buildMenus();
    resize(1500, 950);

    const scenarios::Scenario *first = &scenarios::registry().front();
    std::optional<scenarios::Params> params;
    std::optional<std::uint64_t> seed;
    if (options_.useSettings)
        restoreSettings();
    if (options_.scenario) {
        first = options_.scenario;
        params = options_.params;
        seed = options_.seed;
    } else if (options_.useSettings) {
        QSettings settings;
        scenarios::Preset preset;
        QString error;
        if (scenarios::loadPreset(settings.value(QStringLiteral("last/preset")).toByteArray(), &preset, &error)) {
            first = preset.scenario;
            params = preset.params;
            seed = preset.seed;
        }
    }
    if (options_.dark)
        dark_ = *options_.dark; // asked for: wins over the remembered theme
    setDark(dark_);
    predict_ = options_.predict.value_or(options_.useSettings && QSettings().value(QStringLiteral("view/predict"), true).toBool());
    if (options_.useSettings) {
        QSettings settings;
        for (const auto &s : scenarios::registry()) {
            const QString key = QStringLiteral("predict/%1/").arg(qs(s.id));
            if (settings.value(key + QStringLiteral("asked"), false).toBool())
                asked_.insert(s.id);
            scores_[s.id] = {settings.value(key + QStringLiteral("right"), 0).toInt(), settings.value(key + QStringLiteral("answered"), 0).toInt()};
        }
    }
    predictAction_->setChecked(predict_);
    if (options_.useSettings)
        for (const QString &key : QSettings().value(QStringLiteral("guide/ticked")).toStringList())
            ticked_.insert(key);
    if (options_.useSettings) { // the lab the Playground held when the window last closed
        scenarios::Lab remembered;
        std::string ignored;
        if (scenarios::parseLab(QSettings().value(QStringLiteral("lab/current")).toByteArray(), &remembered, &ignored))
            lab_ = std::make_shared<const scenarios::Lab>(std::move(remembered));
    }
    if (options_.lab) {
        scenarios::Lab lab;
        std::string error;
        if (scenarios::parseLab(*options_.lab, &lab, &error)) {
            openLab(lab, options_.params, options_.seed);
            return;
        }
    }
    if (!options_.scenario && options_.useSettings && QSettings().value(QStringLiteral("last/lab"), false).toBool() && lab_) {
        openLab(*lab_);
        return;
    }
    selectScenario(*first, params, seed);
}

// The children go after the window's own part: what they signal while they go (the undo
// stack's clear(), the tabs' currentChanged) must not reach it.
MainWindow::~MainWindow()
{
    labEditor_->undoStack()->disconnect(this);
    tabs_->disconnect(this);
    centreSplitter_->removeEventFilter(this);
}

void MainWindow::buildLayout()
{
    // Left: the practices, then the Playground and the whole guide.
    practices_ = new QTreeWidget;
    practices_->setHeaderHidden(true);
    practices_->setRootIsDecorated(false);
    practices_->setAccessibleName(tr("Practices"));
    practices_->setMinimumWidth(200);
    // In the guide's order, numbered as it numbers them (grouped by kind, the numbers ran 1, 2,
    // 3, 9, 4...); the kind is in each one's tooltip.
    {
        auto *group = new QTreeWidgetItem(practices_, {tr("the twelve practices")});
        group->setFlags(Qt::ItemIsEnabled);
        QFont f = group->font(0);
        f.setBold(true);
        f.setCapitalization(QFont::SmallCaps);
        group->setFont(0, f);
        std::vector<const scenarios::Scenario *> ordered;
        for (const auto &s : scenarios::registry())
            ordered.push_back(&s);
        std::stable_sort(ordered.begin(), ordered.end(), [](const auto *a, const auto *b) { return a->practice < b->practice; });
        for (const auto *s : ordered) {
            auto *item = new QTreeWidgetItem(group, {QStringLiteral("%1. %2").arg(s->practice).arg(qs(s->title))});
            item->setData(0, Qt::UserRole, qs(s->id));
            item->setToolTip(0, QStringLiteral("%1 (%2)").arg(qs(s->summary), qs(s->group)));
        }
    }
    {
        // The Playground: the Policy Lab, after the practices.
        auto *group = new QTreeWidgetItem(practices_, {tr("playground")});
        group->setFlags(Qt::ItemIsEnabled);
        QFont f = group->font(0);
        f.setBold(true);
        f.setCapitalization(QFont::SmallCaps);
        group->setFont(0, f);
        auto *item = new QTreeWidgetItem(group, {tr("Policy Lab")});
        item->setData(0, Qt::UserRole, QString::fromLatin1(scenarios::kLabId));
        item->setToolTip(0, tr("Stack resilience layers into pipelines and see what their order and settings do"));
    }
    {
        // The guide's own page, after the practices.
        auto *group = new QTreeWidgetItem(practices_, {tr("the whole guide")});
        group->setFlags(Qt::ItemIsEnabled);
        QFont f = group->font(0);
        f.setBold(true);
        f.setCapitalization(QFont::SmallCaps);
        group->setFont(0, f);
        auto *item = new QTreeWidgetItem(group, {tr("Principles, checklist, takeaways")});
        item->setData(0, Qt::UserRole, QStringLiteral("page:checklist"));
        item->setToolTip(0, tr("The twelve practices as a checklist for design, writing, testing and AI services"));
    }
    practices_->expandAll();
    connect(practices_, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!item)
            return;
        const QString id = item->data(0, Qt::UserRole).toString();
        if (id.startsWith(QLatin1String("page:"))) {
            showGuide();
            return;
        }
        if (showingGuide() && scenario_ && id == qs(scenario_->id)) { // back to the practice already loaded
            centreStack_->setCurrentIndex(0);
            rightPanel_->show();
            return;
        }
        if (id == QLatin1String(scenarios::kLabId)) {
            if (!scenario_ || !scenario_->isLab())
                openCurrentLab();
            return;
        }
        const auto *s = scenarios::findScenario(id.toStdString());
        if (s && s != scenario_)
            selectScenario(*s);
    });

    // Centre: summary, legend and the stacked variants; tabs below.
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(4, 4, 4, 0);
    topLayout->setSpacing(4);
    prediction_ = new PredictionBar;
    topLayout->addWidget(prediction_);
    connect(prediction_, &PredictionBar::answered, this, [this](int, bool right) {
        auto &[rightCount, answered] = scores_[scenario_->id];
        rightCount += right;
        ++answered;
        if (options_.useSettings) {
            QSettings settings;
            settings.setValue(QStringLiteral("predict/%1/right").arg(qs(scenario_->id)), rightCount);
            settings.setValue(QStringLiteral("predict/%1/answered").arg(qs(scenario_->id)), answered);
        }
    });
    connect(prediction_, &PredictionBar::revealed, this, [this] {
        asked_.insert(scenario_->id);
        if (options_.useSettings)
            QSettings().setValue(QStringLiteral("predict/%1/asked").arg(qs(scenario_->id)), true);
        setVeiled(false);
    });
    summary_ = new QLabel;
    summary_->setTextFormat(Qt::RichText);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_->setAccessibleName(tr("Summary: the variants compared"));
    summary_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // clips rather than widening the window
    topLayout->addWidget(summary_);
    legend_ = new QLabel;
    legend_->setTextFormat(Qt::RichText);
    legend_->setWordWrap(true);
    legend_->setAccessibleName(tr("Timeline colours"));
    legend_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    topLayout->addWidget(legend_);
    paneHost_ = new QWidget;
    paneLayout_ = new QVBoxLayout(paneHost_);
    paneLayout_->setContentsMargins(0, 0, 0, 0);
    paneLayout_->setSpacing(6);
    paneScroll_ = new QScrollArea;
    paneScroll_->setWidget(paneHost_);
    paneScroll_->setWidgetResizable(true);
    paneScroll_->setFrameShape(QFrame::NoFrame);
    paneScroll_->setAccessibleName(tr("Variants, in detail"));
    comparisonHost_ = new QWidget;
    auto *comparisonLayout = new QVBoxLayout(comparisonHost_);
    comparisonLayout->setContentsMargins(0, 0, 0, 0);
    // Fits the space at 1600x1000 and up; a smaller window scrolls rather than growing.
    comparisonScroll_ = new QScrollArea;
    comparisonScroll_->setWidget(comparisonHost_);
    comparisonScroll_->setWidgetResizable(true);
    comparisonScroll_->setFrameShape(QFrame::NoFrame);
    comparisonScroll_->setAccessibleName(tr("Variants, compared"));
    // A run that takes a while says so, and how far it has got, with a Cancel button that stops
    // it where it is; the charts below still show the previous run meanwhile.
    busy_ = new QWidget;
    auto *busyLayout = new QHBoxLayout(busy_);
    busyLayout->setContentsMargins(0, 0, 0, 0);
    busyBar_ = new QProgressBar;
    busyBar_->setRange(0, 1000);
    busyBar_->setMaximumWidth(160);
    busyBar_->setMaximumHeight(12);
    busyBar_->setTextVisible(false);
    busyBar_->setAccessibleName(tr("Progress of the run"));
    busyLayout->addWidget(busyBar_);
    busyText_ = new QLabel;
    busyText_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    busyLayout->addWidget(busyText_, 1);
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->setToolTip(tr("Stop the run where it is and show it up to there (Esc)"));
    cancel_->setShortcut(QKeySequence(Qt::Key_Escape));
    connect(cancel_, &QPushButton::clicked, this, [this] {
        simulator_->cancel();
        if (simulator_->cancelling())
            busyText_->setText(tr("Stopping the run where it is…"));
    });
    busyLayout->addWidget(cancel_);
    busy_->setAccessibleName(tr("Computing"));
    busy_->hide();
    topLayout->addWidget(busy_);
    busyTimer_ = new QTimer(this);
    busyTimer_->setSingleShot(true);
    busyTimer_->setInterval(200); // a quick run never flickers it
    connect(busyTimer_, &QTimer::timeout, this, [this] {
        if (!simulator_->busy())
            return;
        updateProgress();
        busy_->show();
        progressTimer_->start();
    });
    progressTimer_ = new QTimer(this);
    progressTimer_->setInterval(100);
    connect(progressTimer_, &QTimer::timeout, this, &MainWindow::updateProgress);
    // A run shown that stopped early says so above it: its numbers cover only part of the run.
    truncated_ = new QLabel;
    truncated_->setObjectName(QStringLiteral("truncationBanner"));
    truncated_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    truncated_->setAccessibleName(tr("The run stopped early"));
    truncated_->hide();
    topLayout->addWidget(truncated_);
    views_ = new QStackedWidget;
    views_->addWidget(comparisonScroll_);
    views_->addWidget(paneScroll_);
    // Predict, then reveal: while a question is open the run is hidden whole, for its
    // timelines and charts would answer it (the loop-lag chart drawn to 2.1 s under "how long
    // does the loop freeze?").
    veil_ = new QLabel(tr("<p style='font-size:large'>The run is ready, and hidden until you answer.</p>"
                          "<p>Its timelines and charts would give the answer away. The problem in the lesson "
                          "and the code below are there to reason from.</p>"));
    veil_->setObjectName(QStringLiteral("predictVeil"));
    veil_->setTextFormat(Qt::RichText);
    veil_->setAlignment(Qt::AlignCenter);
    veil_->setWordWrap(true);
    veil_->setAccessibleName(tr("The run, hidden until you answer"));
    views_->addWidget(veil_);
    topLayout->addWidget(views_, 1);

    tabs_ = new QTabWidget;
    tabs_->setAccessibleName(tr("Lesson, code and metrics"));
    lesson_ = new QTextBrowser;
    lesson_->setOpenExternalLinks(true);
    lesson_->setAccessibleName(tr("Lesson"));
    tabs_->addTab(lesson_, tr("&Lesson"));

    code_ = new CodeView;
    tabs_->addTab(code_, tr("&Code"));

    auto *metricsPage = new QWidget;
    auto *metricsLayout = new QVBoxLayout(metricsPage);
    metricsLayout->setContentsMargins(4, 4, 4, 4);
    metrics_ = new QTableView;
    metricsModel_ = new MetricsModel(this);
    metrics_->setModel(metricsModel_);
    metrics_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    metrics_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    metrics_->setAccessibleName(tr("Metrics of every variant"));
    metrics_->setAlternatingRowColors(true);
    auto *copy = new QPushButton(tr("Copy table"));
    copy->setAccessibleName(tr("Copy the metrics table"));
    connect(copy, &QPushButton::clicked, this, &MainWindow::copyMetrics);
    metricsLayout->addWidget(metrics_);
    metricsLayout->addWidget(copy, 0, Qt::AlignRight);
    tabs_->addTab(metricsPage, tr("&Metrics"));
    outcomesPage_ = new OutcomesPage;
    tabs_->addTab(outcomesPage_, tr("&Outcomes"));
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::fitLesson);

    centreSplitter_ = new QSplitter(Qt::Vertical);
    centreSplitter_->addWidget(top);
    centreSplitter_->addWidget(tabs_);
    centreSplitter_->setStretchFactor(0, 3);
    centreSplitter_->setStretchFactor(1, 1);
    centreSplitter_->setChildrenCollapsible(false);
    // The lesson gives way in a short window, where the run above has a fixed cost (the
    // summary strip, a timeline per variant) and its charts would be pushed out of view; it
    // keeps the height a reader gave it by hand.
    centreSplitter_->installEventFilter(this);
    tabs_->setMinimumHeight(90); // its pages' own minimum (the metrics table's) is taller
    connect(centreSplitter_, &QSplitter::splitterMoved, this, [this] { lessonSizedByHand_ = true; });

    // Right: what the practice is, its parameters, seed and speed.
    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 8, 8, 8);
    scenarioTitle_ = new QLabel;
    scenarioTitle_->setWordWrap(true);
    QFont titleFont = scenarioTitle_->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    scenarioTitle_->setFont(titleFont);
    scenarioSummary_ = new QLabel;
    scenarioSummary_->setWordWrap(true);
    rightLayout->addWidget(scenarioTitle_);
    rightLayout->addWidget(scenarioSummary_);
    auto *labBox = new QGroupBox(tr("Pipelines"));
    auto *labLayout = new QVBoxLayout(labBox);
    labEditor_ = new LabEditor;
    labLayout->addWidget(labEditor_);
    labBox_ = labBox;
    labBox_->hide();
    connect(labEditor_, &LabEditor::labChanged, this, [this] {
        if (const auto lab = currentLab()) // the edited pipelines, the world and load as the sliders have them
            openLab(*lab, parameters_->params());
    });
    connect(labEditor_, &LabEditor::exampleChosen, this, [this](const QString &path) {
        QString error;
        if (!openLabFile(path, &error))
            showError(tr("Cannot open the example"), error);
    });
    rightLayout->addWidget(labBox);
    auto *paramBox = new QGroupBox(tr("Parameters"));
    auto *paramLayout = new QVBoxLayout(paramBox);
    parameters_ = new ParameterPanel;
    connect(parameters_, &ParameterPanel::changed, this, &MainWindow::requestSimulation);
    paramLayout->addWidget(parameters_);
    auto *resetAll = new QPushButton(tr("Reset all"));
    resetAll->setAccessibleName(tr("Reset all parameters"));
    connect(resetAll, &QPushButton::clicked, parameters_, &ParameterPanel::resetAll);
    paramLayout->addWidget(resetAll, 0, Qt::AlignRight);
    rightLayout->addWidget(paramBox);
    auto *runBox = new QGroupBox(tr("Run"));
    auto *runForm = new QFormLayout(runBox);
    seed_ = new QSpinBox;
    seed_->setRange(0, 2147483647);
    seed_->setValue(1);
    seed_->setAccessibleName(tr("Seed"));
    seed_->setToolTip(tr("Same seed, same run. Every variant faces the same world."));
    seed_->setKeyboardTracking(false);
    connect(seed_, &QSpinBox::valueChanged, this, &MainWindow::requestSimulation);
    runForm->addRow(tr("&Seed:"), seed_);
    speedBox_ = new QComboBox;
    for (double s : kSpeeds)
        speedBox_->addItem(speedText(s), s);
    speedBox_->setCurrentIndex(speedBox_->findData(1.0));
    speedBox_->setAccessibleName(tr("Playback speed"));
    speedBox_->setToolTip(tr("Virtual seconds per real second"));
    connect(speedBox_, &QComboBox::currentIndexChanged, this,
            [this](int i) { speed_ = speedBox_->itemData(i).toDouble(); });
    runForm->addRow(tr("S&peed:"), speedBox_);
    rightLayout->addWidget(runBox);
    timing_ = new QLabel;
    timing_->setWordWrap(true);
    rightLayout->addWidget(timing_);
    rightLayout->addStretch(1);
    auto *rightScroll = new QScrollArea;
    rightScroll->setWidget(right);
    rightScroll->setWidgetResizable(true);
    rightScroll->setFrameShape(QFrame::NoFrame);
    rightScroll->setMinimumWidth(270);
    rightScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    guidePage_ = new QTextBrowser;
    guidePage_->setAccessibleName(tr("Principles, checklist and takeaways"));
    guidePage_->setOpenLinks(false);
    connect(guidePage_, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() == QLatin1String("tick")) {
            toggleGuideItem(url.path());
            return;
        }
        if (url.scheme() != QLatin1String("coroscope")) {
            QDesktopServices::openUrl(url);
            return;
        }
        if (const auto *s = scenarios::findScenario(url.path().toStdString()))
            selectScenario(*s);
    });
    centreStack_ = new QStackedWidget;
    centreStack_->addWidget(centreSplitter_);
    centreStack_->addWidget(guidePage_);
    rightPanel_ = rightScroll;

    mainSplitter_ = new QSplitter(Qt::Horizontal);
    mainSplitter_->addWidget(practices_);
    mainSplitter_->addWidget(centreStack_);
    mainSplitter_->addWidget(rightScroll);
    mainSplitter_->setStretchFactor(0, 0);
    mainSplitter_->setStretchFactor(1, 1);
    mainSplitter_->setStretchFactor(2, 0);
    mainSplitter_->setSizes({230, 1000, 300});
    mainSplitter_->setChildrenCollapsible(false);
    setCentralWidget(mainSplitter_);
    centreSplitter_->setSizes({700, 250});
}

void MainWindow::buildMenus()
{
    auto *toolbar = addToolBar(tr("Playback"));
    toolbar->setObjectName(QStringLiteral("playback"));
    toolbar->setMovable(false);

    auto *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open preset…"), QKeySequence::Open, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open preset"), dialogFolder(), tr("Presets (*.json)"));
        if (!path.isEmpty())
            openChosenFile(path);
    });
    file->addAction(tr("Open &lab…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open lab"), dialogFolder(), tr("Labs (*.json)"));
        if (!path.isEmpty())
            openChosenFile(path);
    });
    recentMenu_ = file->addMenu(tr("Open &recent"));
    recentMenu_->setObjectName(QStringLiteral("recentFiles"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    fillRecentMenu(); // a menu with no entry cannot be opened: it says so greyed
    file->addAction(tr("Save l&ab…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S), this, [this] {
        QString error;
        if (!currentLab()) {
            showError(tr("Cannot save the lab"), tr("the Lab is not open: open it from the Playground first"));
            return;
        }
        const QString path = chooseSaveFile(this, tr("Save lab"), tr("lab.json"), tr("Labs (*.json)"));
        if (path.isEmpty())
            return;
        if (saveLabFile(path, &error))
            addRecentFile(path);
        else
            showError(tr("Cannot save the lab"), error);
    });
    file->addSeparator();
    file->addAction(tr("&Save preset…"), QKeySequence::Save, this, [this] {
        const QString path = chooseSaveFile(this, tr("Save preset"), qs(scenario_->id) + QStringLiteral(".json"), tr("Presets (*.json)"));
        if (path.isEmpty())
            return;
        QString error;
        if (savePresetFile(path, &error))
            addRecentFile(path);
        else
            showError(tr("Cannot save the preset"), error);
    });
    file->addSeparator();
    auto *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->addAction(tr("Window as &PNG or SVG…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        const QString path = chooseSaveFile(this, tr("Export window"), qs(scenario_->id) + QStringLiteral(".png"), tr("Images (*.png *.svg)"));
        QString error;
        if (!path.isEmpty() && !exportImage(this, path, &error))
            showError(tr("Cannot export the window"), error);
    });
    exportMenu->addAction(tr("Series as &CSV…"), this, [this] {
        const QString dir = chooseFolder(this, tr("Export series into"));
        QString error;
        if (!dir.isEmpty() && !exportCsv(dir, &error))
            showError(tr("Cannot export the series"), error);
    });
    exportMenu->addAction(tr("Summary as &JSON…"), this, [this] {
        const QString path = chooseSaveFile(this, tr("Export summary"), qs(scenario_->id) + QStringLiteral("-summary.json"), tr("JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportJson(path, &error))
            showError(tr("Cannot export the summary"), error);
    });
    exportMenu->addAction(tr("The Lab's c&ode…"), this, [this] {
        const QString dir = chooseFolder(this, tr("Write the pipelines' code into"));
        if (dir.isEmpty())
            return;
        QString error;
        const QStringList written = exportCode(dir, &error);
        if (written.isEmpty())
            showError(tr("Cannot export the code"), error);
        else
            QMessageBox::information(this, tr("Code exported"),
                                     tr("Each pipeline as Python (python3 FILE [REQUESTS] runs it) and as C++:\n%1")
                                         .arg(QDir::toNativeSeparators(written.join(QLatin1Char('\n')))));
    });
    exportMenu->addAction(tr("&Trace for Perfetto…"), this, [this] {
        const QString path = chooseSaveFile(this, tr("Export trace"), qs(scenario_->id) + QStringLiteral("-trace.json"), tr("Chrome trace JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportTrace(path, &error))
            showError(tr("Cannot export the trace"), error);
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    // Undo and redo the Lab's edits (its pipelines; the world and load are sliders, reset by ↺).
    auto *edit = menuBar()->addMenu(tr("&Edit"));
    undoAction_ = edit->addAction(tr("&Undo"), QKeySequence::Undo, this, [this] {
        if (scenario_ && scenario_->isLab())
            labEditor_->undoStack()->undo();
    });
    redoAction_ = edit->addAction(tr("&Redo"), QKeySequence::Redo, this, [this] {
        if (scenario_ && scenario_->isLab())
            labEditor_->undoStack()->redo();
    });
    // Every push, undo, redo and clear moves the index.
    connect(labEditor_->undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateUndoActions);
    updateUndoActions();

    auto *playback = playbackMenu_ = menuBar()->addMenu(tr("&Playback"));
    playAction_ = playback->addAction(tr("Play"), Qt::Key_Space, this, &MainWindow::togglePlay);
    playAction_->setToolTip(tr("Play or pause (Space)"));
    auto *step = playback->addAction(tr("Step"), Qt::Key_Right, this, &MainWindow::stepForward);
    step->setToolTip(tr("Step to the next change: of the picked task (press its lane), or of any task (→)"));
    auto *restartAction = playback->addAction(tr("Restart"), Qt::Key_R, this, &MainWindow::restart);
    restartAction->setToolTip(tr("Back to the start and play (R)"));
    auto *end = playback->addAction(tr("Run to end"), Qt::Key_End, this, &MainWindow::runToEnd);
    end->setToolTip(tr("Show the whole run (End)"));
    playback->addSeparator();
    playback->addAction(tr("Faster"), Qt::Key_Plus, this, [this] {
        speedBox_->setCurrentIndex(std::min(speedBox_->currentIndex() + 1, speedBox_->count() - 1));
    });
    playback->addAction(tr("Slower"), Qt::Key_Minus, this,
                        [this] { speedBox_->setCurrentIndex(std::max(speedBox_->currentIndex() - 1, 0)); });
    for (QAction *a : {playAction_, step, restartAction, end})
        toolbar->addAction(a);
    toolbar->addSeparator();
    timeSlider_ = new QSlider(Qt::Horizontal);
    timeSlider_->setRange(0, kSliderPositions);
    timeSlider_->setAccessibleName(tr("Time cursor"));
    timeSlider_->setToolTip(tr("Drag to any moment of the run"));
    timeSlider_->setMinimumWidth(240);
    timeSlider_->setFocusPolicy(Qt::ClickFocus);
    connect(timeSlider_, &QSlider::sliderMoved, this, [this](int position) {
        pause();
        if (simulation_)
            setCursorTime(double(position) / kSliderPositions * simulation_->end_s);
    });
    toolbar->addWidget(timeSlider_);
    timeLabel_ = new QLabel;
    timeLabel_->setMinimumWidth(150);
    timeLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    timeLabel_->setAccessibleName(tr("Virtual time"));
    toolbar->addWidget(timeLabel_);

    experimentMenu_ = menuBar()->addMenu(tr("&Experiment"));
    experimentMenu_->addAction(tr("&Sweep a parameter…"), Qt::Key_F6, this, [this] { openSweep(); });
    connect(centreStack_, &QStackedWidget::currentChanged, this, &MainWindow::updateRunControls);

    auto *view = menuBar()->addMenu(tr("&View"));
    predictAction_ = view->addAction(tr("&Predict before the numbers"), this, [this](bool on) { setPredict(on); });
    predictAction_->setCheckable(true);
    predictAction_->setToolTip(tr("Each practice asks a question or two first, and hides the numbers until you answer"));
    view->addAction(tr("Ask this practice's &questions again"), this, &MainWindow::askQuestions);
    view->addSeparator();
    darkAction_ = view->addAction(tr("&Dark theme"), QKeySequence(Qt::CTRL | Qt::Key_D), this, [this](bool on) { setDark(on); });
    darkAction_->setCheckable(true);
    comparisonAction_ = view->addAction(tr("&Comparison layout (every variant at once)"), QKeySequence(Qt::CTRL | Qt::Key_L), this,
                                        [this](bool on) { setComparisonLayout(on); });
    comparisonAction_->setCheckable(true);
    comparisonAction_->setChecked(comparisonLayout_);
    view->addAction(tr("Reset &zoom"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { resetZoom(); });
    view->addSeparator();
    presentationAction_ = view->addAction(tr("&Presentation mode"), Qt::Key_F5, this, [this](bool on) { setPresentation(on); });
    presentationAction_->setCheckable(true);
    fullScreenAction_ = view->addAction(tr("&Full screen"), Qt::Key_F11, this, [this](bool on) { setFullScreen(on); });
    fullScreenAction_->setCheckable(true);

    auto *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence(Qt::Key_F1), this, [this] {
        auto *dialog = new ShortcutsDialog(*menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    });
    help->addAction(tr("&About Coroscope"), this, [this] {
        QMessageBox::about(this, tr("About Coroscope"),
                           tr("<b>Coroscope %1</b><p>Async best practices, run as simulations on a virtual clock: the bad "
                              "and the good pattern on the same workload, every number measured from the run.</p>"
                              "<p>Space play/pause · → step · R restart · End run to end · +/− speed · Ctrl+L comparison or detail · "
                              "Ctrl+wheel zoom, drag a range on a chart, double-click to reset · F5 presentation · F11 full screen</p>"
                              "<p>Free software under the GNU General Public License, version 3 or (at your option) any later "
                              "version. It comes with ABSOLUTELY NO WARRANTY.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

SweepDialog *MainWindow::openSweep()
{
    if (!scenario_)
        return nullptr;
    pause();
    auto *dialog = new SweepDialog(*scenario_, parameters_->params(), std::uint64_t(seed_->value()), dark_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

bool MainWindow::showingGuide() const { return centreStack_->currentWidget() == guidePage_; }

void MainWindow::renderGuidePage()
{
    if (!guideFigures_)
        guideFigures_ = defaultRunFigures();
    QFile file(QStringLiteral(":/guide/checklist.md"));
    if (!file.open(QIODevice::ReadOnly))
        return;
    QApplication::setOverrideCursor(Qt::WaitCursor); // the first time, the default runs are made (~0.2 s)
    const GuidePage page = renderGuide(QString::fromUtf8(file.readAll()), ticked_, guideFigures_);
    QApplication::restoreOverrideCursor();
    const int scroll = guidePage_->verticalScrollBar()->value();
    guidePage_->document()->setDefaultFont(QApplication::font());
    guidePage_->setMarkdown(page.markdown);
    guidePage_->verticalScrollBar()->setValue(scroll);
    guideItems_ = page.items;
}

void MainWindow::toggleGuideItem(const QString &key)
{
    if (!ticked_.erase(key))
        ticked_.insert(key);
    if (options_.useSettings)
        QSettings().setValue(QStringLiteral("guide/ticked"), QStringList(ticked_.begin(), ticked_.end()));
    renderGuidePage();
}

void MainWindow::showGuide()
{
    pause();
    renderGuidePage();
    centreStack_->setCurrentWidget(guidePage_);
    rightPanel_->hide(); // no parameters on this page
    setWindowTitle(tr("Coroscope — principles, checklist and takeaways"));
    const QSignalBlocker block(practices_);
    for (int g = 0; g < practices_->topLevelItemCount(); ++g)
        for (int i = 0; i < practices_->topLevelItem(g)->childCount(); ++i)
            if (practices_->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString().startsWith(QLatin1String("page:")))
                practices_->setCurrentItem(practices_->topLevelItem(g)->child(i));
}

void MainWindow::selectScenario(const scenarios::Scenario &scenario, std::optional<scenarios::Params> params,
                                std::optional<std::uint64_t> seed)
{
    scenario_ = &scenario;
    simulation_.reset();
    centreStack_->setCurrentIndex(0); // from the guide's page back to a practice
    rightPanel_->show();
    const bool isLab = scenario.isLab();
    const QString numbered = isLab ? tr("Lab: %1").arg(qs(scenario.title)) : QStringLiteral("%1. %2").arg(scenario.practice).arg(qs(scenario.title));
    setWindowTitle(tr("Coroscope — %1").arg(numbered));
    scenarioTitle_->setText(numbered);
    labBox_->setVisible(isLab);
    scenarioSummary_->setText(qs(scenario.summary));
    updateUndoActions();
    {
        const QSignalBlocker block(practices_);
        for (int g = 0; g < practices_->topLevelItemCount(); ++g)
            for (int i = 0; i < practices_->topLevelItem(g)->childCount(); ++i) {
                QTreeWidgetItem *item = practices_->topLevelItem(g)->child(i);
                if (item->data(0, Qt::UserRole).toString() == qs(scenario.id))
                    practices_->setCurrentItem(item);
            }
    }
    {
        const QSignalBlocker block(seed_);
        if (seed)
            seed_->setValue(int(std::min<std::uint64_t>(*seed, 2147483647)));
    }
    parameters_->setScenario(scenario, params ? *params : scenario.defaults());
    groups_ = groupSignals(scenario.chartSignals);
    windowFrom_ = windowTo_ = 0; // a practice opens on its whole run
    rebuildPanes();
    loadLesson();
    code_->setScenario(scenario);
    startQuestions();
    pickVariant_ = -1;
    pickIndex_ = -1;
    pickSpans_.clear();
    cursor_ = 0;
    requestSimulation();
    if (options_.autoplay)
        play();
}

void MainWindow::connectTimeAxis(QWidget *widget)
{
    if (auto *chart = qobject_cast<TimeChart *>(widget)) {
        connect(chart, &TimeChart::zoomRequested, this, &MainWindow::zoomAt);
        connect(chart, &TimeChart::rangeSelected, this, &MainWindow::zoomTo);
        connect(chart, &TimeChart::zoomReset, this, &MainWindow::resetZoom);
    } else if (auto *timeline = qobject_cast<TimelineView *>(widget)) {
        connect(timeline, &TimelineView::zoomRequested, this, &MainWindow::zoomAt);
        connect(timeline, &TimelineView::zoomReset, this, &MainWindow::resetZoom);
        // A request picked in one timeline is outlined in all of them: every variant faces the
        // same requests, so the same id is the same request there.
        connect(timeline, &TimelineView::requestSelected, this,
                [this, timeline](qint64 index) { pickRequest(timeline->variantIndex(), index); });
        // Hovering a task shows the line it waits at; leaving goes back to the picked task.
        connect(timeline, &TimelineView::momentHovered, this, [this](int variant, const TaskMoment &moment) {
            hovering_ = true;
            code_->showMoment(variant, moment);
        });
        connect(timeline, &TimelineView::hoverEnded, this, [this] {
            hovering_ = false;
            showPicked();
        });
        timeline->setCodeLine([this](int variant, const TaskMoment &moment) { return code_->lineText(variant, moment); });
    }
}

void MainWindow::rebuildPanes()
{
    delete comparison_;
    comparison_ = new ComparisonView(*scenario_, groups_, comparisonHost_);
    comparisonHost_->layout()->addWidget(comparison_);
    comparison_->followViewport(comparisonScroll_->viewport());
    comparison_->setDark(dark_, presentation_);
    connect(comparison_, &ComparisonView::cursorDragged, this, [this](double t) {
        pause();
        setCursorTime(t);
    });
    for (auto *timeline : comparison_->timelines()) {
        timeline->setSynchronous(options_.synchronous);
        connectTimeAxis(timeline);
    }
    for (auto *chart : comparison_->charts()) {
        connectTimeAxis(chart);
        chart->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(chart, &QWidget::customContextMenuRequested, this, [this, chart](QPoint pos) { chartMenu(chart, pos); });
    }
    for (auto *pane : panes_)
        delete pane;
    panes_.clear();
    for (std::size_t i = 0; i < scenario_->variants.size(); ++i) {
        auto *pane = new VariantPane(*scenario_, int(i), groups_, paneHost_);
        pane->setDark(dark_, presentation_);
        pane->timeline()->setSynchronous(options_.synchronous);
        connect(pane, &VariantPane::cursorDragged, this, [this](double t) {
            pause();
            setCursorTime(t);
        });
        connectTimeAxis(pane->timeline());
        for (auto *chart : pane->charts()) {
            connectTimeAxis(chart);
            connect(chart, &TimeChart::cursorDragged, this, [this](double t) {
                pause();
                setCursorTime(t);
            });
        }
        std::vector<QWidget *> charts(pane->charts().begin(), pane->charts().end());
        charts.push_back(pane->latency());
        for (QWidget *chart : charts) {
            chart->setContextMenuPolicy(Qt::CustomContextMenu);
            connect(chart, &QWidget::customContextMenuRequested, this, [this, chart](QPoint pos) { chartMenu(chart, pos); });
        }
        paneLayout_->addWidget(pane);
        panes_.push_back(pane);
    }
}

void MainWindow::requestSimulation()
{
    if (!scenario_)
        return;
    const std::uint64_t seed = std::uint64_t(seed_->value());
    if (options_.synchronous)
        showSimulation(simulate(*scenario_, parameters_->params(), seed, nullptr, nullptr, simulator_->maxEvents()));
    else {
        simulator_->request(*scenario_, parameters_->params(), seed);
        if (!busy_->isVisible())
            busyTimer_->start();
    }
}

void MainWindow::setMaxEvents(std::uint64_t n)
{
    simulator_->setMaxEvents(n);
}

// "Computing “token bucket” (2 of 4): 3.2 million events, 12.5 s of virtual time": the bar
// fills a share per variant, and within it as the run spends its event budget.
void MainWindow::updateProgress()
{
    const scenarios::Scenario *s = simulator_->scenario();
    if (!simulator_->busy() || !s || s->variants.empty())
        return;
    const SimulationProgress &progress = simulator_->progress();
    const int n = int(s->variants.size());
    const int index = std::clamp(progress.variant.load(), 0, n - 1);
    const double events = double(progress.run.events.load());
    const double budget = double(simulator_->maxEvents()) / n; // each variant's share
    const double within = budget > 0 ? std::min(1.0, events / budget) : 0.0;
    busyBar_->setValue(int(std::lround(1000.0 * (index + within) / n)));
    const double virtualSeconds = double(progress.run.now_ns.load()) * 1e-9;
    if (simulator_->cancelling())
        return; // it keeps saying it is stopping
    busyText_->setText(tr("Computing “%1” (%2 of %3): %4 events, %5 of virtual time. The charts below still show the previous run.")
                           .arg(QString::fromStdString(s->variants[std::size_t(index)].label))
                           .arg(index + 1)
                           .arg(n)
                           .arg(formatNumber(events))
                           .arg(formatSeconds(virtualSeconds)));
}

void MainWindow::updateTruncationBanner()
{
    QStringList why;
    for (const VariantResult &v : simulation_->variants)
        if (v.run.truncated())
            why << tr("“%1” %2").arg(QString::fromStdString(v.run.variant->label), QString::fromStdString(v.run.truncation));
    truncated_->setVisible(!why.isEmpty());
    if (why.isEmpty())
        return;
    const QString text = tr("Stopped early, so the numbers cover only part of the run: %1.").arg(why.join(QStringLiteral("; ")));
    truncated_->setText(QStringLiteral("<span style='color:%1'>■</span> %2").arg(theme(dark_).roleBad.name(), text.toHtmlEscaped()));
    truncated_->setToolTip(text);
}

void MainWindow::waitForSimulation()
{
    while (simulator_->busy())
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 5);
}

void MainWindow::showSimulation(std::shared_ptr<const Simulation> simulation)
{
    if (simulation->scenario != scenario_)
        return; // finished after the user moved to another practice
    simulation_ = std::move(simulation);
    if (!simulator_->busy()) {
        busyTimer_->stop();
        progressTimer_->stop();
        busy_->hide();
    }
    updateTruncationBanner();
    cursor_ = std::min(cursor_, simulation_->end_s);
    if (windowTo_ > simulation_->end_s)
        windowTo_ = windowFrom_ = 0; // the run got shorter than the zoomed range: show it whole
    // One variant far longer than the others would make them dots: the axis stops a little past
    // them, and that variant's header says where it ends (double-click a chart for everything).
    if (outlierCut_) // the last run's cut, not the learner's zoom: made again for this run
        windowFrom_ = windowTo_ = 0;
    outlierCut_ = windowTo_ <= windowFrom_ && simulation_->outlierCut() > 0;
    if (outlierCut_) {
        windowFrom_ = 0;
        windowTo_ = simulation_->outlierCut();
    }
    // The comparison charts: one signal each, its axis shared by every variant.
    std::vector<double> signalTop;
    for (const auto &signal : comparison_->chartSignals())
        signalTop.push_back(simulation_->axisTop(signal));
    comparison_->setSimulation(simulation_, signalTop, cursor_);
    outcomesPage_->setSimulation(*scenario_, simulation_);
    updateTiming();
    fitSummary();
    updateLegend();
    updateMetricsTable();
    updateTimeControls();
    prediction_->setSimulation(simulation_);
    findPickedSpans(); // the same request, in the new run
    showPicked();
    showPanes();
    applyWindow();
}

// The Detail panes. A big run updates one pane per turn of the event loop, so input and
// playback go on between them; a small one updates all at once (what a slider drag wants).
void MainWindow::showPanes()
{
    std::vector<double> groupTop(groups_.size(), 0); // a signal group's axis, shared by every variant
    for (std::size_t g = 0; g < groups_.size(); ++g)
        for (const auto &signal : groups_[g].members)
            groupTop[g] = std::max(groupTop[g], simulation_->axisTop(signal));
    const bool big = simulation_->events > 300'000 && !options_.synchronous;
    auto showPane = [this, groupTop, sim = simulation_](std::size_t i) {
        if (sim != simulation_ || i >= panes_.size())
            return;
        panes_[i]->latency()->setVisible(sim->latencyMax > 0); // a histogram only where there are latencies
        panes_[i]->outcomes()->setVisible(OutcomesChart::worthShowing(*sim)); // where requests end more than one way
        panes_[i]->setSimulation(sim, groupTop, sim->latencyMax, cursor_);
        if (i + 1 == panes_.size())
            Q_EMIT simulationShown();
    };
    for (std::size_t i = 0; i < panes_.size(); ++i) {
        if (big)
            QTimer::singleShot(0, this, [showPane, i] { showPane(i); });
        else
            showPane(i);
    }
}

// The strip never cuts a column off: it drops the least important ones (after the headline
// metrics) until the rest fit the width it has.
void MainWindow::fitSummary()
{
    if (!simulation_)
        return;
    // A label's size hint is never below its minimum size: the minimum set for the last text
    // (Retry's seven rows) would hold every later one at that height.
    summary_->setMinimumHeight(0);
    if (veiled_) {
        summary_->setText(tr("<i>The run and its numbers are hidden until you answer the question above "
                             "(or press “Show the numbers”).</i>"));
        summary_->setMinimumHeight(summary_->sizeHint().height());
        return;
    }
    const int available = summary_->width() > 50 ? summary_->width() : summary_->parentWidget()->width() - 8;
    // Columns go first, down to the headlines and one more (a good pattern's price, when there is
    // one), then the outcome counts' words (their bar and colours stay), then the outcomes' own
    // column (the bar goes before the names); only then the columns below that.
    const auto &metrics = simulation_->scenario->metrics;
    const int headlines = int(std::count_if(metrics.begin(), metrics.end(), [](const coro::MetricSpec &m) { return m.headline; }));
    const int keep = hasPrice(*simulation_) ? headlines + 1 : headlines;
    const auto fitsWith = [&](int most, int least) {
        for (const OutcomeLayout outcomes : {OutcomeLayout::Counts, OutcomeLayout::Bar, OutcomeLayout::BarOnly, OutcomeLayout::BeforeName})
            for (int columns = most; columns >= least; --columns) {
                summary_->setText(summaryHtml(*simulation_, dark_, columns, outcomes));
                if (summary_->sizeHint().width() <= available)
                    return true;
            }
        return false;
    };
    if (!fitsWith(std::max(6, headlines + 1), keep))
        fitsWith(keep - 1, 0); // the column counts above were all tried already
    summary_->setMinimumHeight(summary_->sizeHint().height());
}

int MainWindow::lessonHeight(int centre, bool outcomes)
{
    // The Outcomes tab's charts (two rows for Retry's seven) need more than a few lines of text.
    if (outcomes)
        return std::clamp(int(std::lround(centre * 0.45)), 260, 440);
    return std::clamp(int(std::lround(250 - (950 - centre) * 0.5)), 110, 260);
}

void MainWindow::fitLesson()
{
    if (lessonSizedByHand_)
        return;
    const int centre = centreSplitter_->height() - centreSplitter_->handleWidth();
    const int lesson = lessonHeight(centre, tabs_->currentWidget() == outcomesPage_);
    centreSplitter_->setSizes({centre - lesson, lesson});
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == centreSplitter_ && event->type() == QEvent::Resize)
        fitLesson();
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    QTimer::singleShot(0, this, &MainWindow::fitSummary); // once the layout has given the strip its width
}

// The timeline colours this run uses, segments first, then the end marks (a legend of every
// state would be two lines of colours the practice never shows).
void MainWindow::updateLegend()
{
    const Theme &t = theme(dark_);
    QStringList items;
    for (int s = 0; s < int(LaneState::Count); ++s)
        if (s == int(LaneState::Running) || (simulation_ && simulation_->statesUsed[std::size_t(s)]))
            items << QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3")
                         .arg(t.stateColor(LaneState(s)).name(), LaneState(s) >= kFirstEndMark ? QStringLiteral("▌") : QStringLiteral("■"),
                              tr(laneStateLabel(LaneState(s))).toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")));
    // An item never wraps inside itself ("waiting on / other tasks"): only between items.
    legend_->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                         .arg(t.mutedText.name(), items.join(QStringLiteral(" &nbsp; "))));
}

QWidget *MainWindow::comparisonViewport() const { return comparisonScroll_->viewport(); }

void MainWindow::applyWindow()
{
    comparison_->setWindow(windowFrom_, windowTo_);
    for (auto *pane : panes_)
        pane->setWindow(windowFrom_, windowTo_);
}

void MainWindow::zoomAt(double at, double factor)
{
    if (!simulation_)
        return;
    const double end = simulation_->end_s;
    const double from = windowTo_ > windowFrom_ ? windowFrom_ : 0, to = windowTo_ > windowFrom_ ? windowTo_ : end;
    const double width = std::clamp((to - from) * factor, end * 1e-4, end);
    const double share = (at - from) / std::max(1e-12, to - from); // `at` stays under the mouse
    const double start = std::clamp(at - share * width, 0.0, end - width);
    zoomTo(start, start + width);
}

void MainWindow::zoomTo(double from, double to)
{
    if (!simulation_ || to <= from)
        return;
    if (from <= 0 && to >= simulation_->end_s) {
        resetZoom();
        return;
    }
    windowFrom_ = std::max(0.0, from);
    windowTo_ = std::min(simulation_->end_s, to);
    outlierCut_ = false;
    applyWindow();
}

void MainWindow::resetZoom()
{
    windowFrom_ = windowTo_ = 0;
    outlierCut_ = false;
    if (simulation_)
        applyWindow();
}

// The guide's page has no run, and a run hidden under a question is not to be seen: neither
// plays, steps, sweeps nor shows its time.
void MainWindow::updateRunControls()
{
    const bool off = showingGuide() || veiled_;
    for (QMenu *menu : {playbackMenu_, experimentMenu_})
        for (QAction *a : menu->actions())
            a->setEnabled(!off);
    timeSlider_->setEnabled(!off);
    views_->setCurrentIndex(veiled_ ? 2 : comparisonLayout_ ? 0 : 1);
    legend_->setVisible(!veiled_);
    updateTiming();
    updateTimeControls();
}

void MainWindow::updateTiming()
{
    if (!simulation_)
        return;
    QString text = tr("%1 events simulated in %2 ms")
                       .arg(QLocale().toString(qulonglong(simulation_->events)))
                       .arg(simulation_->computeSeconds * 1e3, 0, 'f', 1);
    if (!veiled_) // the run's length would answer "how long...?"
        text += tr(" (virtual time %1)").arg(formatSeconds(simulation_->end_s));
    timing_->setText(text);
}

void MainWindow::setComparisonLayout(bool on)
{
    comparisonLayout_ = on;
    views_->setCurrentIndex(veiled_ ? 2 : on ? 0 : 1);
    if (comparisonAction_) {
        const QSignalBlocker block(comparisonAction_);
        comparisonAction_->setChecked(on);
    }
}

void MainWindow::setFullScreen(bool on)
{
    if (fullScreenAction_) {
        const QSignalBlocker block(fullScreenAction_);
        fullScreenAction_->setChecked(on);
    }
    on ? showFullScreen() : showNormal();
}

void MainWindow::setCursorTime(double seconds)
{
    const double end = simulation_ ? simulation_->end_s : 0;
    cursor_ = std::clamp(seconds, 0.0, std::max(end, 0.0));
    for (auto *pane : panes_)
        pane->setCursorTime(cursor_);
    if (comparison_)
        comparison_->setCursorTime(cursor_);
    updateTimeControls();
    if (!pickSpans_.empty())
        showPicked();
}

void MainWindow::updateTimeControls()
{
    const double end = simulation_ ? simulation_->end_s : 0;
    {
        const QSignalBlocker block(timeSlider_);
        timeSlider_->setValue(end > 0 && !veiled_ ? int(std::round(cursor_ / end * kSliderPositions)) : 0);
    }
    // Milliseconds while they mean something; a run of days reads in days ("13.3 days").
    timeLabel_->setText(veiled_      ? QStringLiteral("– s / – s")
                        : end < 1000 ? QStringLiteral("%1 s / %2 s").arg(cursor_, 0, 'f', 3).arg(end, 0, 'f', 3)
                                     : QStringLiteral("%1 / %2").arg(formatSeconds(cursor_), formatSeconds(end)));
    playAction_->setText(playing() ? tr("Pause") : tr("Play"));
}

bool MainWindow::playing() const { return timer_->isActive(); }

void MainWindow::play()
{
    if (veiled_) // the run waits at 0 until the question is answered
        return;
    if (simulation_ && cursor_ >= simulation_->end_s)
        setCursorTime(0);
    clock_.start();
    timer_->start();
    updateTimeControls();
}

void MainWindow::pause()
{
    timer_->stop();
    updateTimeControls();
}

void MainWindow::togglePlay() { playing() ? pause() : play(); }

void MainWindow::tick()
{
    if (!simulation_)
        return; // still computing: playback waits for the run
    const double elapsed = double(clock_.nsecsElapsed()) * 1e-9;
    clock_.restart();
    const double t = cursor_ + elapsed * speed_;
    if (t >= simulation_->end_s) {
        setCursorTime(simulation_->end_s);
        pause();
        return;
    }
    setCursorTime(t);
}

void MainWindow::setVeiled(bool veiled)
{
    const bool revealed = veiled_ && !veiled;
    veiled_ = veiled;
    if (veiled) {
        pause();
        if (simulation_)
            setCursorTime(0);
    }
    updateRunControls();
    if (comparison_)
        comparison_->setVeiled(veiled);
    for (auto *pane : panes_)
        pane->setVeiled(veiled);
    if (veiled && tabs_->currentIndex() >= 2)
        tabs_->setCurrentIndex(0); // the lesson, to reason from
    for (int tab : {2, 3}) { // the Metrics and Outcomes tabs
        tabs_->setTabEnabled(tab, !veiled);
        tabs_->setTabToolTip(tab, veiled ? tr("Hidden until you answer the question above") : QString());
    }
    fitSummary();
    if (scenario_)
        loadLesson();
    if (revealed && options_.autoplay && simulation_) { // the run, from its start
        setCursorTime(0);
        play();
    }
}

void MainWindow::startQuestions()
{
    prediction_->setDark(dark_);
    const bool ask = predict_ && scenario_ && !scenario_->questions.empty() && !asked_.count(scenario_->id);
    if (ask) {
        prediction_->ask(*scenario_);
        prediction_->setSimulation(simulation_);
    } else {
        prediction_->hide();
    }
    setVeiled(ask);
}

void MainWindow::askQuestions()
{
    if (!scenario_)
        return;
    asked_.erase(scenario_->id);
    if (!predict_)
        setPredict(true); // asks
    else
        startQuestions();
}

void MainWindow::setPredict(bool on)
{
    predict_ = on;
    if (predictAction_) {
        const QSignalBlocker block(predictAction_);
        predictAction_->setChecked(on);
    }
    if (options_.useSettings)
        QSettings().setValue(QStringLiteral("view/predict"), on);
    if (!on && prediction_->asking())
        prediction_->skipAll();
    else if (on && scenario_)
        startQuestions();
}

std::pair<int, int> MainWindow::score(const std::string &scenarioId) const
{
    const auto it = scores_.find(scenarioId);
    return it == scores_.end() ? std::pair<int, int>{0, 0} : it->second;
}

void MainWindow::showTab(int index)
{
    index = std::clamp(index, 0, tabs_->count() - 1);
    if (tabs_->isTabEnabled(index)) // a tab hidden under an open question stays hidden
        tabs_->setCurrentIndex(index);
}

QPlainTextEdit *MainWindow::codeView(bool good) const { return code_->editor(good ? 1 : 0); }

void MainWindow::pickRequest(int variant, qint64 index)
{
    for (auto *t : comparison_->timelines())
        t->setSelectedRequest(index);
    for (auto *pane : panes_)
        pane->timeline()->setSelectedRequest(index);
    pickVariant_ = index < 0 ? -1 : variant;
    pickIndex_ = index;
    findPickedSpans();
    showPicked();
}

void MainWindow::findPickedSpans()
{
    pickSpans_.clear();
    if (!simulation_ || pickVariant_ < 0 || pickVariant_ >= int(simulation_->variants.size()))
        return;
    const auto &spans = simulation_->variants[std::size_t(pickVariant_)].recorder().spans();
    for (std::uint32_t i = 0; i < spans.size(); ++i)
        if (spans[i].index == pickIndex_ && !scenario_->isWorldTask(spans[i].name ? spans[i].name : ""))
            pickSpans_.push_back(i);
}

void MainWindow::showPicked()
{
    if (hovering_)
        return;
    if (!simulation_ || pickSpans_.empty()) {
        code_->clearMoment();
        return;
    }
    // The picked request's task that is live at the cursor (a wait before a run of code), else
    // the last one that ended before it; nothing before the request starts.
    std::optional<TaskMoment> best;
    for (std::uint32_t span : pickSpans_) {
        const TaskMoment m = momentOf(*simulation_, pickVariant_, span, cursor_);
        const coro::Span &sp = simulation_->variants[std::size_t(pickVariant_)].recorder().spans()[span];
        if (coro::toSeconds(sp.start) > cursor_)
            continue;
        if (!best || (!m.wait.empty() && best->wait.empty()) || (best->ended && !m.ended))
            best = m;
    }
    if (best)
        code_->showMoment(pickVariant_, *best);
    else
        code_->clearMoment();
}

void MainWindow::stepForward()
{
    pause();
    if (!simulation_)
        return;
    if (!pickSpans_.empty()) {
        // Step mode: the picked request's next change (it starts, a wait begins or ends, it ends).
        const VariantResult &v = simulation_->variants[std::size_t(pickVariant_)];
        const auto &segments = v.recorder().segments();
        double next = simulation_->end_s;
        auto consider = [&](double t) {
            if (t > cursor_ + 1e-12 && t < next)
                next = t;
        };
        for (std::uint32_t span : pickSpans_) {
            const coro::Span &sp = v.recorder().spans()[span];
            consider(coro::toSeconds(sp.start));
            if (sp.end.count() >= 0)
                consider(coro::toSeconds(sp.end));
            for (std::uint32_t k = v.segmentBegin[span]; k < v.segmentEnd[span]; ++k) {
                consider(coro::toSeconds(segments[v.segmentOrder[k]].start));
                consider(coro::toSeconds(segments[v.segmentOrder[k]].end));
            }
        }
        if (next < simulation_->end_s) {
            setCursorTime(next);
            return;
        }
        // The picked request is over: on to the next change of any task, as without a pick.
    }
    // The next change a reader can see: a task starts or ends, or a wait begins or ends, at
    // least a pixel or so further at the current zoom.
    const auto &times = simulation_->eventTimes;
    const double shown = (windowTo_ > windowFrom_ ? windowTo_ - windowFrom_ : simulation_->end_s);
    auto it = std::upper_bound(times.begin(), times.end(), cursor_ + std::max(1e-12, shown / 1000));
    setCursorTime(it == times.end() ? simulation_->end_s : *it);
}

void MainWindow::restart()
{
    setCursorTime(0);
    play();
}

void MainWindow::runToEnd()
{
    pause();
    if (simulation_)
        setCursorTime(simulation_->end_s);
}

void MainWindow::setSpeed(double factor)
{
    int best = 0;
    for (int i = 0; i < speedBox_->count(); ++i)
        if (std::abs(std::log(speedBox_->itemData(i).toDouble() / factor)) <
            std::abs(std::log(speedBox_->itemData(best).toDouble() / factor)))
            best = i;
    speedBox_->setCurrentIndex(best);
    speed_ = speedBox_->itemData(best).toDouble();
}

void MainWindow::setDark(bool dark)
{
    dark_ = dark;
    if (auto *app = qobject_cast<QApplication *>(QCoreApplication::instance()))
        applyTheme(*app, dark);
    if (darkAction_) {
        const QSignalBlocker block(darkAction_);
        darkAction_->setChecked(dark);
    }
    updateLegend();
    for (auto *pane : panes_)
        pane->setDark(dark_, presentation_);
    if (comparison_)
        comparison_->setDark(dark_, presentation_);
    outcomesPage_->setDark(dark_, presentation_);
    if (simulation_)
        fitSummary();
    code_->setLook(dark_, presentation_);
    if (scenario_)
        loadLesson();
}

void MainWindow::setPresentation(bool on)
{
    presentation_ = on;
    if (presentationAction_) {
        const QSignalBlocker block(presentationAction_);
        presentationAction_->setChecked(on);
    }
    QFont f = QApplication::font();
    f.setPointSizeF(baseFontSize_ * (on ? 1.45 : 1.0));
    QApplication::setFont(f);
    code_->setLook(dark_, on);
    if (scenario_)
        loadLesson(); // the lesson's inline code is sized with the text
    for (auto *pane : panes_)
        pane->setDark(dark_, presentation_);
    if (comparison_)
        comparison_->setDark(dark_, presentation_);
    outcomesPage_->setDark(dark_, presentation_);
}

void MainWindow::loadLesson()
{
    const QString id = qs(scenario_->id);
    const Theme &t = theme(dark_);
    QString lesson = readResource(QStringLiteral(":/lessons/%1.md").arg(id));
    if (scenario_->isLab() && lab_) {
        lesson = QStringLiteral("# %1\n\n%2\n\n## How the Lab works\n\n%3")
                     .arg(qs(lab_->title), lab_->lesson.empty() ? tr("*This lab has no lesson text.*") : qs(lab_->lesson),
                          tr("Each pipeline is a stack of layers around the same call, outermost first: a request meets the "
                             "first layer, which calls the second, and so on down to the service. Every pipeline faces the "
                             "same world and the same requests, so what differs is only what the layers do. Add a layer "
                             "with +, drag a chip to move it, click it to change its settings; the world and the load are "
                             "the parameters below the pipelines. File ▸ Save lab writes the lab as a file that "
                             "`coroscope --lab FILE` runs too."));
    }
    if (lesson.isEmpty())
        lesson = tr("*No lesson text for this practice yet.*");
    if (veiled_) { // the problem only: the rest quotes the figures the questions ask for
        const qsizetype second = lesson.indexOf(QStringLiteral("\n## "), lesson.indexOf(QStringLiteral("## ")) + 3);
        if (second > 0)
            lesson = lesson.left(second) + tr("\n\n*The rest of the lesson follows once you have answered the question above.*\n");
    }
    lesson_->document()->setDefaultFont(QApplication::font());
    lesson_->document()->setDefaultStyleSheet(QStringLiteral("code { color: %1; font-size: %2pt; }")
                                                  .arg(t.seriesColor(0).name())
                                                  .arg(QApplication::font().pointSizeF(), 0, 'f', 1));
    lesson_->setMarkdown(lesson);
}

void MainWindow::updateMetricsTable() { metricsModel_->setSimulation(*simulation_); }

void MainWindow::copyMetrics() const { QApplication::clipboard()->setText(metricsModel_->table().toTsv()); }

bool MainWindow::exportImage(QWidget *what, const QString &path, QString *error)
{
    // What cannot be drawn or encoded is not written: the old file stays (saveFile).
    if (path.endsWith(QStringLiteral(".svg"), Qt::CaseInsensitive)) {
        return coro::saveFile(
            path,
            [&](QIODevice &device) {
                QSvgGenerator svg;
                svg.setOutputDevice(&device);
                svg.setSize(what->size());
                svg.setViewBox(what->rect());
                svg.setTitle(windowTitle());
                QPainter painter;
                if (!painter.begin(&svg))
                    return false;
                what->render(&painter);
                return painter.end();
            },
            error);
    }
    if (!path.endsWith(QStringLiteral(".png"), Qt::CaseInsensitive)) {
        *error = tr("cannot write the image '%1': use a .png or .svg name").arg(path);
        return false;
    }
    const QImage image = what->grab().toImage();
    return coro::saveFile(path, [&](QIODevice &device) { return image.save(&device, "PNG"); }, error);
}

std::vector<const scenarios::VariantRun *> MainWindow::runs() const
{
    std::vector<const scenarios::VariantRun *> runs;
    if (simulation_)
        for (const auto &v : simulation_->variants)
            runs.push_back(&v.run);
    return runs;
}

bool MainWindow::exportCsv(const QString &directory, QString *error)
{
    if (!simulation_) {
        *error = tr("nothing has run yet");
        return false;
    }
    return scenarios::writeSeriesCsv(directory, runs(), error);
}

bool MainWindow::exportJson(const QString &path, QString *error)
{
    if (!simulation_) {
        *error = tr("nothing has run yet");
        return false;
    }
    std::vector<scenarios::VariantRun> runs;
    for (const auto &v : simulation_->variants)
        runs.push_back(v.run);
    const QJsonObject report = scenarios::runReport(*scenario_, simulation_->params, simulation_->seed, runs);
    return coro::saveFile(path, QJsonDocument(report).toJson(QJsonDocument::Indented), error);
}

QStringList MainWindow::exportCode(const QString &folder, QString *error)
{
    const auto lab = currentLab();
    if (!lab) {
        *error = tr("the Lab is not open: open it from the Playground first");
        return {};
    }
    return scenarios::exportLabCode(*lab, parameters_->params(), folder, error);
}

bool MainWindow::exportTrace(const QString &path, QString *error)
{
    if (!simulation_) {
        *error = tr("nothing has run yet");
        return false;
    }
    return scenarios::writeTrace(path, *scenario_, runs(), error);
}

namespace {
// Every lab scenario the window made, kept for the life of the process: a run computing on a
// worker thread, a sweep dialog or a picture may still refer to one after the next edit.
std::vector<std::shared_ptr<const scenarios::Scenario>> &labScenarios()
{
    static std::vector<std::shared_ptr<const scenarios::Scenario>> kept;
    return kept;
}
} // namespace

void MainWindow::openLab(const scenarios::Lab &lab, std::optional<scenarios::Params> params, std::optional<std::uint64_t> seed)
{
    // A copy first: `lab` may be *lab_ itself (openCurrentLab), which the assignment frees.
    auto opened = std::make_shared<const scenarios::Lab>(lab);
    lab_ = opened;
    labScenarios().push_back(scenarios::labScenario(*opened));
    labEditor_->setLab(*opened);
    if (options_.useSettings)
        QSettings().setValue(QStringLiteral("lab/current"), QJsonDocument(scenarios::labJson(*opened)).toJson(QJsonDocument::Compact));
    selectScenario(*labScenarios().back(), params, seed);
}

void MainWindow::openCurrentLab()
{
    if (lab_) {
        openLab(*lab_);
        return;
    }
    QString error;
    const auto examples = LabEditor::shippedExamples();
    if (examples.empty() || !openLabFile(examples.front().second, &error))
        showError(tr("Cannot open the Lab"), error.isEmpty() ? tr("no example lab is built in") : error);
}

std::unique_ptr<scenarios::Lab> MainWindow::currentLab() const
{
    if (!scenario_ || !scenario_->isLab() || !lab_)
        return nullptr;
    auto lab = std::make_unique<scenarios::Lab>(labEditor_->lab());
    const scenarios::Params now = parameters_->params();
    for (const auto &[k, v] : now.numbers())
        lab->setting.setNumber(k, v);
    for (const auto &[k, v] : now.choices())
        lab->setting.setChoice(k, v);
    return lab;
}

// A lab or a preset the user chose (a dialog, File ▸ Open recent): opened, or said why not;
// either way its folder is where the next dialog opens, and an opened file is first in the
// recent list.
bool MainWindow::openChosenFile(const QString &path)
{
    rememberFolder(path);
    QString error;
    if (!openPresetFile(path, &error)) { // a preset or, by its "pipelines", a lab
        showError(tr("Cannot open the file"), error);
        return false;
    }
    addRecentFile(path);
    return true;
}

// Undo names the edit it undoes ("Undo Add a layer"), and only the Lab has edits to undo.
void MainWindow::updateUndoActions()
{
    if (!undoAction_)
        return;
    const QUndoStack *stack = labEditor_->undoStack();
    const bool lab = scenario_ && scenario_->isLab();
    undoAction_->setEnabled(lab && stack->canUndo());
    redoAction_->setEnabled(lab && stack->canRedo());
    undoAction_->setText(lab && stack->canUndo() ? tr("&Undo %1").arg(stack->undoText()) : tr("&Undo"));
    redoAction_->setText(lab && stack->canRedo() ? tr("&Redo %1").arg(stack->redoText()) : tr("&Redo"));
}

void MainWindow::fillRecentMenu()
{
    recentMenu_->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QFileInfo info(files[i]);
        auto *open = recentMenu_->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(info.fileName()), this,
                                            [this, path = files[i]] { openChosenFile(path); });
        open->setToolTip(QDir::toNativeSeparators(files[i]));
        open->setStatusTip(QDir::toNativeSeparators(files[i]));
    }
    if (files.isEmpty())
        recentMenu_->addAction(tr("No recent files"))->setEnabled(false);
    else {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("&Clear the list"), this, [] { clearRecentFiles(); });
    }
}

bool MainWindow::openLabFile(const QString &path, QString *error)
{
    QByteArray bytes;
    return coro::readInputFile(path, coro::kMaxSettingsFileBytes, &bytes, error) && openLabJson(bytes, QFileInfo(path).fileName(), error);
}

bool MainWindow::openLabJson(const QByteArray &json, const QString &name, QString *error)
{
    scenarios::Lab lab;
    std::string why;
    if (!scenarios::parseLab(json, &lab, &why)) {
        *error = QStringLiteral("%1: %2").arg(name, qs(why));
        return false;
    }
    openLab(lab);
    return true;
}

bool MainWindow::saveLabFile(const QString &path, QString *error)
{
    const auto lab = currentLab();
    if (!lab) {
        *error = tr("the Lab is not open: open it from the Playground first");
        return false;
    }
    // What its own loader would refuse is not saved (a p99 no log-normal with that mean has).
    if (const std::string clash = scenarios::checkParams(*scenario_, parameters_->params()); !clash.empty()) {
        *error = QString::fromStdString(clash);
        return false;
    }
    return coro::saveFile(path, QJsonDocument(scenarios::labJson(*lab)).toJson(), error);
}

bool MainWindow::savePresetFile(const QString &path, QString *error)
{
    if (scenario_ && scenario_->isLab())
        return saveLabFile(path, error); // a lab's preset is its lab file
    const scenarios::Preset preset{scenario_, parameters_->params(), std::uint64_t(seed_->value())};
    if (const std::string clash = scenarios::checkParams(*scenario_, preset.params); !clash.empty()) {
        *error = QString::fromStdString(clash); // loadPreset() would refuse it
        return false;
    }
    return coro::saveFile(path, scenarios::savePreset(preset), error);
}

bool MainWindow::openPresetFile(const QString &path, QString *error)
{
    QByteArray bytes;
    if (!coro::readInputFile(path, coro::kMaxSettingsFileBytes, &bytes, error))
        return false;
    if (QJsonDocument::fromJson(bytes).object().contains(QStringLiteral("pipelines"))) // a lab file
        return openLabJson(bytes, QFileInfo(path).fileName(), error);
    scenarios::Preset preset;
    QString why;
    if (!scenarios::loadPreset(bytes, &preset, &why)) {
        *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), why);
        return false;
    }
    selectScenario(*preset.scenario, preset.params, preset.seed);
    return true;
}

void MainWindow::showError(const QString &what, const QString &error)
{
    QMessageBox::warning(this, what, error);
}

void MainWindow::chartMenu(QWidget *chart, const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(tr("Save chart as PNG or SVG…"), this, [this, chart] {
        const QString path = chooseSaveFile(this, tr("Save chart"), QStringLiteral("chart.png"), tr("Images (*.png *.svg)"));
        QString error;
        if (!path.isEmpty() && !exportImage(chart, path, &error))
            showError(tr("Cannot save the chart"), error);
    });
    menu.exec(chart->mapToGlobal(pos));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    mainSplitter_->restoreState(settings.value(QStringLiteral("window/mainSplitter")).toByteArray());
    lessonSizedByHand_ = centreSplitter_->restoreState(settings.value(QStringLiteral("window/centreSplitter")).toByteArray());
    dark_ = settings.value(QStringLiteral("view/dark"), dark_).toBool();
    setSpeed(settings.value(QStringLiteral("playback/speed"), 1.0).toDouble());
    code_->setPython(settings.value(QStringLiteral("view/codeLanguage"), 0).toInt() != 1);
    setComparisonLayout(settings.value(QStringLiteral("view/comparison"), true).toBool());
    tabs_->setCurrentIndex(std::clamp(settings.value(QStringLiteral("view/tab"), 0).toInt(), 0, tabs_->count() - 1));
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/mainSplitter"), mainSplitter_->saveState());
    if (lessonSizedByHand_)
        settings.setValue(QStringLiteral("window/centreSplitter"), centreSplitter_->saveState());
    else
        settings.remove(QStringLiteral("window/centreSplitter"));
    settings.setValue(QStringLiteral("view/dark"), dark_);
    settings.setValue(QStringLiteral("playback/speed"), speed_);
    settings.setValue(QStringLiteral("view/codeLanguage"), code_->python() ? 0 : 1);
    settings.setValue(QStringLiteral("view/comparison"), comparisonLayout_);
    settings.setValue(QStringLiteral("view/tab"), tabs_->currentIndex());
    settings.setValue(QStringLiteral("last/lab"), scenario_ && scenario_->isLab());
    if (const auto lab = currentLab())
        settings.setValue(QStringLiteral("lab/current"), QJsonDocument(scenarios::labJson(*lab)).toJson(QJsonDocument::Compact));
    else if (scenario_) {
        const scenarios::Preset preset{scenario_, parameters_->params(), std::uint64_t(seed_->value())};
        settings.setValue(QStringLiteral("last/preset"), scenarios::savePreset(preset));
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (options_.useSettings)
        saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace gui
