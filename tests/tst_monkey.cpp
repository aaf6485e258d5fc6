// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// A seeded monkey drives the real window offscreen: it switches practices, drags sliders over
// their whole range (the ends included), types into spin boxes, presses the playback keys,
// toggles the theme, the layout and presentation mode, opens and saves presets (good and
// corrupt ones), exports to a temporary folder, sweeps, picks requests and cancels runs.
// It must not crash, trip a sanitizer, or leave the window unresponsive for more than 1 s.
//
//   COROSCOPE_MONKEY_SECONDS  how long it plays (default 10; .ci/run gives it 60 under ASan)
//   COROSCOPE_MONKEY_SEED     the seed (default: from the clock; printed, to replay a failure)
//   COROSCOPE_MONKEY_STALL_MS the longest stall allowed (default 1000; the asan preset's Debug
//                             build, several times slower, allows 5000)
//
// A replay makes the same choices; which run is on screen when may differ, as runs finish on
// their own thread.
#include "gui/lab_editor.h"
#include "gui/main_window.h"
#include "scenarios/lab.h"
#include "gui/parameter_panel.h"
#include "gui/simulation.h"
#include "gui/sweep_dialog.h"
#include "gui/timeline_view.h"
#include "scenarios/scenario.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QScopeGuard>
#include <QSlider>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <functional>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using namespace gui;

namespace {

std::uint64_t envNumber(const char *name, std::uint64_t fallback)
{
    bool ok = false;
    const qulonglong v = qEnvironmentVariable(name).toULongLong(&ok);
    return ok ? v : fallback;
}

// The widgets of type T under `root` that a user can reach in `window` now: shown and enabled.
template <typename T>
std::vector<T *> reachable(const QWidget &root, const QWidget &window)
{
    std::vector<T *> out;
    for (T *widget : root.findChildren<T *>())
        if (widget->isVisibleTo(&window) && widget->isEnabled())
            out.push_back(widget);
    return out;
}

// The longest time the GUI thread went without running its event loop, measured by a timer
// that should fire every 10 ms: what a user would feel as the window hanging.
class Heartbeat : public QObject {
public:
    Heartbeat()
    {
        timer_.setInterval(10);
        connect(&timer_, &QTimer::timeout, this, [this] {
            worst_ = std::max(worst_, since_.restart());
        });
        since_.start();
        timer_.start();
    }
    void reset()
    {
        since_.restart();
        worst_ = 0;
    }
    qint64 worst() const { return std::max(worst_, since_.elapsed()); }

private:
    QTimer timer_;
    QElapsedTimer since_;
    qint64 worst_ = 0;
};

} // namespace

class TestMonkey : public QObject {
    Q_OBJECT
private slots:
    void playsWithTheWindowWithoutBreakingIt()
    {
        const std::uint64_t seed = envNumber("COROSCOPE_MONKEY_SEED", std::uint64_t(QDateTime::currentMSecsSinceEpoch()));
        const std::uint64_t seconds = envNumber("COROSCOPE_MONKEY_SECONDS", 10);
        const qint64 maxStall = qint64(envNumber("COROSCOPE_MONKEY_STALL_MS", 1000));
        qInfo("monkey seed %llu for %llu s (replay: COROSCOPE_MONKEY_SEED=%llu COROSCOPE_MONKEY_SECONDS=%llu tst_monkey)",
              qulonglong(seed), qulonglong(seconds), qulonglong(seed), qulonglong(seconds));
        std::mt19937_64 rng(seed);
        auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
        auto pick = [&](auto n) { return decltype(n)(std::uniform_int_distribution<long long>(0, (long long)n - 1)(rng)); };

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        WindowOptions options;
        options.useSettings = false; // the user's settings are not the monkey's to change
        auto window = std::make_unique<MainWindow>(options);
        MainWindow &w = *window;
        // However the test ends: the window goes, and so does what it left to deleteLater(),
        // so that the leak checker sees only real leaks.
        const auto cleanUp = qScopeGuard([&window] {
            window.reset();
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        });
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));

        // Dialogs (a refused preset, an export that failed) are answered as a user would.
        int dialogs = 0;
        QTimer closer;
        closer.setInterval(50);
        connect(&closer, &QTimer::timeout, this, [&dialogs] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                ++dialogs;
                modal->close();
            }
        });
        closer.start();

        QString presetGood = dir.filePath(QStringLiteral("preset.json"));
        const QString presetBad = dir.filePath(QStringLiteral("corrupt.json"));

        using Action = std::pair<const char *, std::function<void()>>;
        const std::vector<Action> actions = {
            {"switch practice", [&] {
                 QTreeWidget *list = w.practiceList();
                 std::vector<QTreeWidgetItem *> items;
                 for (QTreeWidgetItemIterator it(list); *it; ++it)
                     if ((*it)->flags() & Qt::ItemIsSelectable)
                         items.push_back(*it);
                 if (!items.empty())
                     list->setCurrentItem(items[pick(items.size())]);
             }},
            {"drag a slider", [&] {
                 const auto shown = reachable<QSlider>(*w.parameters(), w);
                 if (shown.empty())
                     return;
                 QSlider *s = shown[pick(shown.size())];
                 const int target = chance(0.3) ? s->maximum() : chance(0.3) ? s->minimum() : s->minimum() + pick(s->maximum() - s->minimum() + 1);
                 s->setSliderDown(true);
                 const int from = s->value();
                 for (int step = 1; step <= 8; ++step) { // a drag passes through the values between
                     s->setSliderPosition(from + (target - from) * step / 8);
                     QTest::qWait(5);
                 }
                 s->setSliderDown(false);
             }},
            {"type into a spin box", [&] {
                 const auto shown = reachable<QAbstractSpinBox>(w, w);
                 if (shown.empty())
                     return;
                 QAbstractSpinBox *box = shown[pick(shown.size())];
                 static const char *const typed[] = {"0", "1", "7", "42", "1000", "99999999", "-5", "1e9", "abc", "0.001", "", "3.5", "1000000"};
                 box->setFocus();
                 box->selectAll();
                 QTest::keyClick(box, Qt::Key_Backspace);
                 QTest::keyClicks(box, QString::fromLatin1(typed[pick(std::size(typed))]));
                 QTest::keyClick(box, chance(0.8) ? Qt::Key_Return : Qt::Key_Tab);
                 if (chance(0.3))
                     QTest::keyClick(box, chance(0.5) ? Qt::Key_Up : Qt::Key_PageDown);
             }},
            {"choose a choice", [&] {
                 const auto shown = reachable<QComboBox>(*w.parameters(), w);
                 if (!shown.empty()) {
                     QComboBox *b = shown[pick(shown.size())];
                     if (b->count() > 0)
                         b->setCurrentIndex(pick(b->count()));
                 }
             }},
            {"reset the parameters", [&] { w.parameters()->resetAll(); }},
            {"press a playback key", [&] {
                 static const Qt::Key keys[] = {Qt::Key_Space, Qt::Key_Right, Qt::Key_R, Qt::Key_End, Qt::Key_Plus, Qt::Key_Minus,
                                                Qt::Key_Escape};
                 w.activateWindow();
                 QTest::keyClick(&w, keys[pick(std::size(keys))]);
             }},
            {"move the cursor", [&] {
                 if (const Simulation *s = w.simulation())
                     w.setCursorTime(chance(0.2) ? s->end_s * 2 : s->end_s * std::uniform_real_distribution<double>(0, 1)(rng));
             }},
            {"zoom", [&] {
                 if (const Simulation *s = w.simulation()) {
                     if (chance(0.3))
                         w.resetZoom();
                     else
                         w.zoomAt(s->end_s * std::uniform_real_distribution<double>(0, 1)(rng), chance(0.5) ? 0.25 : 3.0);
                 }
             }},
            {"toggle the theme", [&] { w.setDark(!w.dark()); }},
            {"toggle the layout", [&] { w.setComparisonLayout(!w.comparisonLayout()); }},
            {"toggle presentation mode", [&] { w.setPresentation(chance(0.5)); }},
            {"toggle predict", [&] { w.setPredict(!w.predicting()); }},
            {"show a tab", [&] { w.showTab(pick(4)); }},
            {"show the guide", [&] {
                 w.showGuide();
                 if (!w.guideItems().isEmpty())
                     w.toggleGuideItem(w.guideItems()[pick(w.guideItems().size())]);
             }},
            {"pick a request", [&] {
                 if (const Simulation *s = w.simulation(); s && !s->variants.empty())
                     w.pickRequest(pick(s->variants.size()), chance(0.2) ? -1 : pick(50));
             }},
            {"change the seed", [&] { w.seedBox()->setValue(pick(1000)); }},
            {"resize the window", [&] {
                 static const QSize sizes[] = {{1600, 1000}, {1000, 640}, {1280, 800}, {1920, 1200}};
                 w.resize(sizes[pick(std::size(sizes))]);
             }},
            {"save a preset", [&] {
                 // Saved, unless the values cannot go together (a p99 dragged past what its mean
                 // allows): then refused, in the words the panel shows, since opening would refuse it.
                 QString error;
                 const QString problem = w.parameters()->problem();
                 const bool saved = w.savePresetFile(presetGood, &error);
                 if (problem.isEmpty())
                     QVERIFY2(saved, qPrintable(error));
                 else
                     QVERIFY2(!saved && !error.isEmpty() && problem.startsWith(error), qPrintable(error + QStringLiteral(" / ") + problem));
             }},
            {"open a preset", [&] {
                 QString error;
                 if (chance(0.5)) {
                     w.openPresetFile(presetGood, &error); // may not exist yet: refused, with a reason
                 } else {
                     QFile f(presetBad);
                     QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                     static const char *const junk[] = {"", "{", "[]", "{\"scenario\": \"nope\"}", "{\"scenario\": \"semaphore\", \"parameters\": {\"limit\": -1}}",
                                                        "{\"scenario\": \"retry\", \"parameters\": {\"world\": 7}, \"seed\": \"x\"}", "\x00\xff"};
                     f.write(junk[pick(std::size(junk))]);
                     f.close();
                     QVERIFY(!w.openPresetFile(presetBad, &error));
                     QVERIFY(!error.isEmpty());
                 }
             }},
            {"export", [&] {
                 QString error;
                 switch (pick(5)) {
                 case 0: w.exportImage(&w, dir.filePath(QStringLiteral("window.png")), &error); break;
                 case 1: w.exportImage(&w, dir.filePath(QStringLiteral("window.svg")), &error); break;
                 case 2: w.exportCsv(dir.filePath(QStringLiteral("series")), &error); break;
                 case 3: w.exportJson(dir.filePath(QStringLiteral("summary.json")), &error); break;
                 default: w.exportTrace(dir.filePath(QStringLiteral("trace.json")), &error); break;
                 }
                 QVERIFY2(!w.exportImage(&w, QStringLiteral("/nonexistent/dir/x.png"), &error), "a folder that is not there");
             }},
            {"sweep", [&] {
                 SweepDialog *dialog = w.openSweep();
                 if (!dialog)
                     return;
                 if (chance(0.7))
                     dialog->start();
                 QTest::qWait(int(pick(300)));
                 dialog->close();
             }},
            {"edit the lab", [&] {
                 if (!w.labEditor()->isVisibleTo(&w)) {
                     w.openCurrentLab();
                     return;
                 }
                 LabEditor *lab = w.labEditor();
                 const int pipelines = int(lab->lab().pipelines.size());
                 const int p = int(pick(std::size_t(pipelines)));
                 const int layers = int(lab->lab().pipelines[std::size_t(p)].layers.size());
                 switch (pick(9)) {
                 case 7: // Edit ▸ Undo, as Ctrl+Z does
                     QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier);
                     break;
                 case 8:
                     QTest::keySequence(&w, QKeySequence::Redo);
                     break;
                 case 0:
                 case 1: {
                     const auto &kinds = scenarios::labLayerKinds();
                     lab->addLayer(p, kinds[pick(kinds.size())]);
                     break;
                 }
                 case 2:
                     if (layers > 1)
                         lab->moveLayer(p, int(pick(std::size_t(layers))), int(pick(std::size_t(layers))));
                     break;
                 case 3:
                     if (layers > 0)
                         lab->removeLayer(p, int(pick(std::size_t(layers))));
                     break;
                 case 4:
                     lab->addPipeline();
                     break;
                 case 5:
                     lab->removePipeline(p);
                     break;
                 default: {
                     const auto examples = LabEditor::shippedExamples();
                     QString error;
                     QVERIFY2(w.openLabFile(examples[pick(examples.size())].second, &error), qPrintable(error));
                     break;
                 }
                 }
             }},
            {"open a bad lab", [&] {
                 QFile f(presetBad);
                 QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
                 static const char *const junk[] = {"{\"pipelines\": []}", "{\"pipelines\": [{\"layers\": [{\"kind\": \"retyr\"}]}]}",
                                                    "{\"world\": {\"capacity\": -1}, \"pipelines\": [{\"layers\": []}]}"};
                 f.write(junk[pick(std::size(junk))]);
                 f.close();
                 QString error;
                 QVERIFY(!w.openLabFile(presetBad, &error));
                 QVERIFY(!error.isEmpty() && !error.contains(QLatin1Char('\n')));
             }},
            {"cancel the run", [&] {
                 if (w.cancelButton()->isVisible())
                     QTest::mouseClick(w.cancelButton(), Qt::LeftButton);
             }},
            {"wait for the run", [&] { w.waitForSimulation(); }},
        };

        Heartbeat heartbeat;
        std::map<std::string, int> done;
        qint64 worst = 0;
        std::string worstAction;
        QElapsedTimer wall;
        wall.start();
        while (wall.elapsed() < qint64(seconds) * 1000) {
            const Action &action = actions[pick(actions.size())];
            heartbeat.reset();
            action.second();
            if (QTest::currentTestFailed())
                return;
            QTest::qWait(int(pick(60)));
            ++done[action.first];
            if (heartbeat.worst() > worst) {
                worst = heartbeat.worst();
                worstAction = action.first;
            }
        }
        w.waitForSimulation();
        QString summary;
        for (const auto &[name, n] : done)
            summary += QStringLiteral("%1 %2, ").arg(n).arg(QString::fromStdString(name));
        qInfo("monkey: %s%d dialogs closed; the window's longest stall %lld ms (%s)", qPrintable(summary), dialogs,
              qlonglong(worst), worstAction.c_str());
        QVERIFY2(worst <= maxStall, qPrintable(QStringLiteral("the window stalled %1 ms after \"%2\" (seed %3; %4 ms allowed)")
                                                   .arg(worst)
                                                   .arg(QString::fromStdString(worstAction))
                                                   .arg(seed)
                                                   .arg(maxStall)));
    }
};

QTEST_MAIN(TestMonkey)
#include "tst_monkey.moc"
