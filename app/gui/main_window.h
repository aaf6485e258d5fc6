// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The playground window: practices on the left; the chosen practice's variants on one time
// axis in the centre (compared at once, or stacked in Detail), with the summary strip above and
// the lesson, code and metrics tabs below; parameters, seed and speed on the right; transport
// and time cursor in the toolbar.
#pragma once

#include "scenarios/scenario.h"
#include "signal_group.h"

#include <QByteArray>
#include <QMainWindow>
#include <QElapsedTimer>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QSplitter;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;
class QTreeWidget;
class QVBoxLayout;

namespace scenarios {
struct VariantRun;
struct Lab;
}

namespace gui {

class OutcomesPage;
struct Simulation;
class ParameterPanel;
class Simulator;
class VariantPane;
class ComparisonView;
class MetricsModel;
class SweepDialog;
class CodeView;
class PredictionBar;
class LabEditor;

struct WindowOptions {
    bool useSettings = true;  ///< restore and save layout, practice and parameters (QSettings)
    bool synchronous = false; ///< simulate on the GUI thread (pictures and tests)
    std::optional<bool> dark; ///< none: the remembered theme (light when settings are not used)
    bool autoplay = true;     ///< start playing when a practice is opened
    /// The practice to open first (else the last one used, else practice 1), and its values.
    const scenarios::Scenario *scenario = nullptr;
    std::optional<scenarios::Params> params;
    std::optional<std::uint64_t> seed;
    /// Ask each practice's questions before showing its numbers; none: the remembered choice
    /// (on by default), or off when settings are not used.
    std::optional<bool> predict;
    /// The run's event budget (--max-events), shared by its variants; none: the default.
    std::optional<std::uint64_t> maxEvents;
    /// A lab file's contents (already checked) to open on, instead of a practice.
    std::optional<QByteArray> lab;
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(WindowOptions options = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    void selectScenario(const scenarios::Scenario &scenario, std::optional<scenarios::Params> params = {},
                        std::optional<std::uint64_t> seed = {});
    const scenarios::Scenario *scenario() const { return scenario_; }
    OutcomesPage *outcomesPage() const { return outcomesPage_; }
    const Simulation *simulation() const { return simulation_.get(); }
    /// Processes events until the newest requested simulation is shown.
    void waitForSimulation();

    // Playback.
    double cursorTime() const { return cursor_; }
    void setCursorTime(double seconds);
    bool playing() const;
    void play();
    void pause();
    void togglePlay();
    void stepForward();
    void restart();
    void runToEnd();
    double speed() const { return speed_; }
    void setSpeed(double factor);

    // Look.
    bool dark() const { return dark_; }
    void setDark(bool dark);
    void setPresentation(bool on);
    void setFullScreen(bool on);
    /// The comparison layout (every variant at once; the default) or the stacked Detail panes.
    void setComparisonLayout(bool on);
    bool comparisonLayout() const { return comparisonLayout_; }

    // The visible time range, shared by every timeline and chart.
    void zoomAt(double at, double factor); ///< factor < 1 zooms in, keeping `at` where it is
    void zoomTo(double from, double to);
    void resetZoom();
    std::pair<double, double> timeWindow() const { return {windowFrom_, windowTo_}; }

    // Files. Each returns false and says why in *error; the menu actions show that in a dialog.
    bool exportImage(QWidget *what, const QString &path, QString *error); ///< .png or .svg
    bool exportCsv(const QString &directory, QString *error);
    bool exportJson(const QString &path, QString *error);
    bool exportTrace(const QString &path, QString *error);
    /// The Lab's pipelines as programs in `folder` (<variant>.py and .cpp), as --export-code
    /// writes them; the paths written, or none and why.
    QStringList exportCode(const QString &folder, QString *error);
    bool savePresetFile(const QString &path, QString *error);
    bool openPresetFile(const QString &path, QString *error);

    // The Policy Lab (the Playground): pipelines of resilience layers on one world and load.
    /// Opens the lab: its world and load as the parameters (or these values), its pipelines as
    /// the variants, its editor in the right panel.
    void openLab(const scenarios::Lab &lab, std::optional<scenarios::Params> params = {}, std::optional<std::uint64_t> seed = {});
    /// Opens the lab the Playground holds now (the last one edited, else the first example).
    void openCurrentLab();
    /// The lab shown, with the world and load as the sliders have them; null when a practice is.
    std::unique_ptr<scenarios::Lab> currentLab() const;
    bool openLabFile(const QString &path, QString *error);
    /// Opens a lab or preset the user chose, or says why not in a dialog; puts it first in
    /// File ▸ Open recent.
    bool openChosenFile(const QString &path);
    bool saveLabFile(const QString &path, QString *error);
    LabEditor *labEditor() const { return labEditor_; }

    // Parts, for tests and benchmarks.
    ParameterPanel *parameters() const { return parameters_; }
    QTreeWidget *practiceList() const { return practices_; }
    const std::vector<VariantPane *> &panes() const { return panes_; }
    ComparisonView *comparison() const { return comparison_; }
    /// The part of the comparison the window shows (it scrolls when the window is small).
    QWidget *comparisonViewport() const;
    QLabel *summaryStrip() const { return summary_; }
    QLabel *timelineLegend() const { return legend_; }
    /// Shown, with a progress bar and a Cancel button, while a run takes more than 200 ms.
    QWidget *busyIndicator() const { return busy_; }
    QProgressBar *busyProgress() const { return busyBar_; }
    QLabel *busyText() const { return busyText_; }
    QPushButton *cancelButton() const { return cancel_; }
    /// Says so when the run shown stopped early (its event budget, or Cancel); hidden otherwise.
    QLabel *truncationBanner() const { return truncated_; }
    /// The run's event budget (shared by its variants), from the next run on.
    void setMaxEvents(std::uint64_t n);
    QTableView *metricsTable() const { return metrics_; }
    MetricsModel *metricsModel() const { return metricsModel_; }
    QTextBrowser *lessonView() const { return lesson_; }
    /// The guide's principles, checklist and takeaways, reached from the practice list.
    QTextBrowser *guidePage() const { return guidePage_; }
    bool showingGuide() const;
    void showGuide();
    /// The guide page's tickable items (their keys), and which are ticked.
    const QStringList &guideItems() const { return guideItems_; }
    const std::set<QString> &guideTicks() const { return ticked_; }
    void toggleGuideItem(const QString &key);
    /// Opens the sweep dialog on the current practice and values (it deletes itself on close).
    SweepDialog *openSweep();
    /// The code of the left (bad) or right (good) pane.
    QPlainTextEdit *codeView(bool good) const;
    CodeView *code() const { return code_; }
    /// Picks a task, as a press on its lane does: request `index` of variant `variant` (-1:
    /// none). While picked, the Code tab follows it at the cursor and → steps to its next
    /// change (a wait begins or ends); elsewhere → steps to the next change of any task.
    void pickRequest(int variant, qint64 index);
    int pickedVariant() const { return pickVariant_; }
    /// The tab below the timelines: 0 lesson, 1 code, 2 metrics.
    void showTab(int index);
    /// Predict, then reveal: ask each practice's questions before its numbers show.
    void setPredict(bool on);
    bool predicting() const { return predict_; }
    /// Asks the current practice's questions (again).
    void askQuestions();
    PredictionBar *predictionBar() const { return prediction_; }
    /// The numbers are hidden while a question waits for its answer.
    bool veiled() const { return veiled_; }
    /// Right answers and answers given on a practice (kept in the settings when they are used).
    std::pair<int, int> score(const std::string &scenarioId) const;
    QSpinBox *seedBox() const { return seed_; }

Q_SIGNALS:
    void simulationShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildMenus();
    void buildLayout();
    void rebuildPanes();
    void connectTimeAxis(QWidget *chartOrTimeline);
    void applyWindow();
    void showPanes();
    std::vector<const scenarios::VariantRun *> runs() const;
    void fitSummary();
    /// The lesson panel's height in a centre column this tall: less in a short window, more
    /// when it shows the outcomes.
    static int lessonHeight(int centre, bool outcomes);
    /// Gives the lesson panel its height (unless dragged by hand): more for the Outcomes tab.
    void fitLesson();
    void fillRecentMenu();
    void updateUndoActions();
    void updateLegend();
    void requestSimulation();
    void showSimulation(std::shared_ptr<const Simulation> simulation);
    void tick();
    void updateTimeControls();
    void updateMetricsTable();
    void loadLesson();
    void showPicked();
    void setVeiled(bool veiled);
    void updateRunControls();
    void updateTiming();
    void startQuestions();
    void renderGuidePage();
    void findPickedSpans();
    void restoreSettings();
    void saveSettings() const;
    void showError(const QString &what, const QString &error);
    /// Opens a lab file's contents; `name` is the file's, for the message.
    bool openLabJson(const QByteArray &json, const QString &name, QString *error);
    void chartMenu(QWidget *chart, const QPoint &pos);
    void copyMetrics() const;

    WindowOptions options_;
    const scenarios::Scenario *scenario_ = nullptr;
    std::shared_ptr<const Simulation> simulation_;
    Simulator *simulator_ = nullptr;
    std::vector<SignalGroup> groups_;

    QTreeWidget *practices_ = nullptr;
    QSplitter *mainSplitter_ = nullptr;
    QSplitter *centreSplitter_ = nullptr;
    QMenu *recentMenu_ = nullptr;
    QAction *undoAction_ = nullptr;
    QAction *redoAction_ = nullptr;
    OutcomesPage *outcomesPage_ = nullptr;
    bool lessonSizedByHand_ = false; ///< the lesson's height was dragged (or restored): keep it
    QScrollArea *paneScroll_ = nullptr;
    QWidget *paneHost_ = nullptr;
    QVBoxLayout *paneLayout_ = nullptr;
    std::vector<VariantPane *> panes_;
    QStackedWidget *views_ = nullptr; ///< the comparison, the Detail panes, or the veil
    QLabel *veil_ = nullptr;
    QMenu *playbackMenu_ = nullptr;
    QMenu *experimentMenu_ = nullptr;
    QWidget *busy_ = nullptr;
    QProgressBar *busyBar_ = nullptr;
    QLabel *busyText_ = nullptr;
    QPushButton *cancel_ = nullptr;
    QTimer *busyTimer_ = nullptr;
    QTimer *progressTimer_ = nullptr;
    QLabel *truncated_ = nullptr;
    void updateProgress();
    void updateTruncationBanner();
    QScrollArea *comparisonScroll_ = nullptr;
    QWidget *comparisonHost_ = nullptr;
    ComparisonView *comparison_ = nullptr;
    bool comparisonLayout_ = true;
    double windowFrom_ = 0, windowTo_ = 0; ///< the visible time range; empty: the whole run
    bool outlierCut_ = false; ///< the range is Simulation::outlierCut(), not a zoom of the learner's
    QLabel *summary_ = nullptr;
    QLabel *legend_ = nullptr;
    QTabWidget *tabs_ = nullptr;
    QTextBrowser *lesson_ = nullptr;
    QTextBrowser *guidePage_ = nullptr;
    QStackedWidget *centreStack_ = nullptr; ///< the practice, or the guide's page
    QWidget *rightPanel_ = nullptr;
    CodeView *code_ = nullptr;
    int pickVariant_ = -1;           ///< the variant whose task is picked; -1: none
    qint64 pickIndex_ = -1;          ///< its request index
    std::vector<std::uint32_t> pickSpans_; ///< that request's spans in that variant
    bool hovering_ = false;          ///< a timeline hover shows its own moment in the code
    PredictionBar *prediction_ = nullptr;
    QAction *predictAction_ = nullptr;
    bool predict_ = false;
    bool veiled_ = false;
    std::map<std::string, std::pair<int, int>> scores_; ///< right, answered, per practice
    std::set<std::string> asked_;                       ///< practices whose questions were put
    std::function<std::optional<double>(const scenarios::Scenario &, const scenarios::Variant &, const std::string &)> guideFigures_;
    QStringList guideItems_;
    std::set<QString> ticked_; ///< the guide's items ticked (QSettings "guide/ticked")
    QTableView *metrics_ = nullptr;
    MetricsModel *metricsModel_ = nullptr;
    ParameterPanel *parameters_ = nullptr;
    QLabel *scenarioTitle_ = nullptr;
    LabEditor *labEditor_ = nullptr;
    QWidget *labBox_ = nullptr;
    std::shared_ptr<const scenarios::Lab> lab_; ///< the Playground's lab (shown or not)
    QLabel *scenarioSummary_ = nullptr;
    QSpinBox *seed_ = nullptr;
    QComboBox *speedBox_ = nullptr;
    QLabel *timing_ = nullptr;

    QAction *playAction_ = nullptr;
    QAction *presentationAction_ = nullptr;
    QAction *comparisonAction_ = nullptr;
    QAction *fullScreenAction_ = nullptr;
    QAction *darkAction_ = nullptr;
    QSlider *timeSlider_ = nullptr;
    QLabel *timeLabel_ = nullptr;
    QTimer *timer_ = nullptr;
    QElapsedTimer clock_;
    double cursor_ = 0;
    double speed_ = 1;
    bool dark_ = false;
    bool presentation_ = false;
    double baseFontSize_ = 0;
};

} // namespace gui
