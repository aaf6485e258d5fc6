// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window, driven offscreen: every practice opens, runs to its end and draws; sliders
// re-simulate; presets round-trip and bad ones are refused; exports parse; --screenshot
// writes a real picture of every practice.
#include "gui/charts.h"
#include "gui/theme.h"
#include "gui/code_view.h"
#include "gui/format.h"
#include "gui/guide_page.h"
#include "gui/lab_editor.h"
#include "gui/file_places.h"
#include "gui/outcomes_page.h"
#include "gui/prediction_bar.h"
#include "gui/shortcuts_dialog.h"
#include "gui/comparison_view.h"
#include "gui/main_window.h"
#include "gui/parameter_panel.h"
#include "gui/simulation.h"
#include "gui/summary.h"
#include "gui/sweep_dialog.h"
#include "gui/timeline_view.h"
#include "gui/variant_pane.h"

#include "engine/recorder.h"
#include "scenarios/lab.h"
#include "scenarios/preset.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QChart>
#include <QComboBox>
#include <QJsonArray>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QMenuBar>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QSet>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextImageFormat>
#include <QSettings>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTableView>
#include "gui/metrics_model.h"
#include <QTemporaryDir>
#include <QMenu>
#include <QTest>
#include <QTextBrowser>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTextBlock>
#include <QThreadPool>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>
#include <QWheelEvent>
#include <QProgressBar>
#include <QPushButton>

#include <array>
#include <cmath>

using namespace gui;

namespace {

WindowOptions quiet()
{
    WindowOptions o;
    o.useSettings = false;
    o.autoplay = false;
    return o;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

/// Distinct colours in a sample of the image: a blank picture has one or two.
int colourCount(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    return int(colours.size());
}

/// CIE76 colour difference (sRGB, D65): about 2.3 is just noticeable, 20 clearly different.
double deltaE(const QColor &a, const QColor &b)
{
    auto lab = [](const QColor &c) {
        auto lin = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        const double r = lin(c.redF()), g = lin(c.greenF()), bl = lin(c.blueF());
        const double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * bl,
                     z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
        auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116; };
        return std::array<double, 3>{116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))};
    };
    const auto p = lab(a), q = lab(b);
    return std::hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

} // namespace

QString rectsText(const QList<QRect> &rects)
{
    QStringList parts;
    for (const QRect &r : rects)
        parts << QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
    return parts.join(QStringLiteral("; "));
}

class TestGui : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    // The Playground's entry opens the Lab: its pipelines as the variants, its editor shown,
    // each pipeline's generated code in the Code tab.
    void theLabOpensFromThePlayground()
    {
        MainWindow w(quiet());
        w.show();
        w.waitForSimulation();
        QTreeWidgetItem *entry = nullptr;
        for (int g = 0; g < w.practiceList()->topLevelItemCount(); ++g)
            for (int i = 0; i < w.practiceList()->topLevelItem(g)->childCount(); ++i)
                if (w.practiceList()->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString() == QLatin1String("lab"))
                    entry = w.practiceList()->topLevelItem(g)->child(i);
        QVERIFY(entry);
        w.practiceList()->setCurrentItem(entry);
        w.waitForSimulation();
        QCOMPARE(w.scenario()->id, std::string("lab"));
        QVERIFY(w.labEditor()->isVisibleTo(&w));
        QCOMPARE(w.simulation()->variants.size(), w.labEditor()->lab().pipelines.size());
        QCOMPARE(w.labEditor()->chips(0)->count(), int(w.labEditor()->lab().pipelines[0].layers.size()));
        QVERIFY(w.codeView(false)->toPlainText().contains(QStringLiteral("import asyncio")));
        QVERIFY(w.windowTitle().contains(QStringLiteral("Lab:")));
        // Opening the lab that is open (the Playground entry, again): the monkey found this read
        // the lab after freeing it (ASan sees it; a Release build may not).
        const std::string title = w.labEditor()->lab().title;
        w.openCurrentLab();
        w.openCurrentLab();
        w.waitForSimulation();
        QCOMPARE(w.scenario()->title, title);
        // Back to a practice: the editor goes.
        w.selectScenario(*scenarios::findScenario("retry"));
        QVERIFY(!w.labEditor()->isVisibleTo(&w));
    }

    // Every edit runs the lab again: a layer added, a drag that moves one, a pipeline added.
    void editingTheLabRerunsIt()
    {
        MainWindow w(quiet());
        w.show();
        QString error;
        QVERIFY2(w.openLabFile(QStringLiteral(":/labs/retry-and-breaker.json"), &error), qPrintable(error));
        w.waitForSimulation();
        const auto calls = [&](int v) { return w.simulation()->variants[std::size_t(v)].run.metrics.get("calls_during_outage").value_or(-1); };
        const double outside = calls(1), inside = calls(0);
        QVERIFY(outside < inside);
        // Drag the breaker (second chip of the second pipeline) above the retry: now the retry is inside.
        QListWidget *chips = w.labEditor()->chips(1);
        const auto *before = w.scenario();
        QVERIFY(chips->model()->moveRow({}, 1, {}, 0));
        QTRY_VERIFY(w.scenario() != before); // the lab runs again once the drop is over
        QCOMPARE(w.labEditor()->lab().pipelines[1].layers[0].kind, std::string("circuit_breaker"));
        w.waitForSimulation();
        QCOMPARE(calls(1), inside); // the same stack as the first pipeline, the same world: the same calls
        // A fallback outermost on the first: every request is answered.
        w.labEditor()->addLayer(0, "fallback");
        w.labEditor()->moveLayer(0, 3, 0);
        w.waitForSimulation();
        QCOMPARE(w.labEditor()->lab().pipelines[0].layers[0].kind, std::string("fallback"));
        const auto &m = w.simulation()->variants[0].run.metrics;
        QVERIFY(m.get("fallbacks").value_or(0) > 0);
        QCOMPARE(m.get("fallbacks").value_or(0) + m.get("completed").value_or(0), w.parameters()->params().number("requests"));
        w.labEditor()->addPipeline();
        w.waitForSimulation();
        QCOMPARE(w.simulation()->variants.size(), std::size_t(3));
        w.labEditor()->removePipeline(2);
        w.waitForSimulation();
        QCOMPARE(w.simulation()->variants.size(), std::size_t(2));
    }

    // File ▸ Export ▸ The Lab's code writes the pipelines as they stand, as --export-code does.
    void theLabsCodeIsExported()
    {
        MainWindow w(quiet());
        w.show();
        QTemporaryDir dir;
        QString error;
        QVERIFY(w.exportCode(dir.path(), &error).isEmpty()); // a practice has no pipelines
        QVERIFY(!error.isEmpty());
        QVERIFY2(w.openLabFile(QStringLiteral(":/labs/hedging.json"), &error), qPrintable(error));
        w.waitForSimulation();
        w.labEditor()->addLayer(0, "fallback"); // the lab as edited, not as opened
        w.waitForSimulation();
        const QStringList written = w.exportCode(dir.path(), &error);
        QCOMPARE(written.size(), 2 * int(w.labEditor()->lab().pipelines.size()));
        QFile first(written.first());
        QVERIFY(first.open(QIODevice::ReadOnly));
        QVERIFY(first.readAll().contains("with_fallback"));
    }

    // Edit ▸ Undo takes back the Lab's edits one at a time (the drag too), Redo puts them back,
    // each running the lab again; another lab starts a new history, and a practice has none.
    void theLabsEditsUndoAndRedo()
    {
        MainWindow w(quiet());
        w.show();
        QString error;
        QVERIFY2(w.openLabFile(QStringLiteral(":/labs/retry-and-breaker.json"), &error), qPrintable(error));
        w.waitForSimulation();
        QAction *undo = nullptr, *redo = nullptr;
        for (QAction *a : w.menuBar()->findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(QKeySequence::Undo))
                undo = a;
            if (a->shortcut() == QKeySequence(QKeySequence::Redo))
                redo = a;
        }
        QVERIFY(undo && redo);
        QVERIFY(!undo->isEnabled());
        const std::string opened = QJsonDocument(scenarios::labJson(w.labEditor()->lab())).toJson().toStdString();
        w.labEditor()->addLayer(0, "fallback");
        w.waitForSimulation();
        QVERIFY(w.labEditor()->chips(1)->model()->moveRow({}, 1, {}, 0));
        QTRY_VERIFY2(undo->text().contains(QStringLiteral("Move a layer")), qPrintable(undo->text())); // once the drop is over
        w.waitForSimulation();
        QCOMPARE(w.labEditor()->lab().pipelines[1].layers[0].kind, std::string("circuit_breaker"));
        QVERIFY(undo->isEnabled());
        undo->trigger();
        w.waitForSimulation();
        QCOMPARE(w.labEditor()->lab().pipelines[1].layers[0].kind, std::string("retry"));
        QCOMPARE(w.simulation()->variants[0].run.metrics.get("fallbacks").has_value(), true); // the run has the lab as it is now
        undo->trigger();
        w.waitForSimulation();
        QCOMPARE(QJsonDocument(scenarios::labJson(w.labEditor()->lab())).toJson().toStdString(), opened);
        QVERIFY(!undo->isEnabled());
        QVERIFY(redo->isEnabled());
        redo->trigger();
        w.waitForSimulation();
        QCOMPARE(w.labEditor()->lab().pipelines[0].layers.back().kind, std::string("fallback"));
        QVERIFY(w.simulation()->variants[0].run.metrics.get("fallbacks").has_value());
        // Another lab: a new history. A practice: nothing to undo.
        QVERIFY2(w.openLabFile(QStringLiteral(":/labs/hedging.json"), &error), qPrintable(error));
        w.waitForSimulation();
        QVERIFY(!undo->isEnabled() && !redo->isEnabled());
        w.labEditor()->addPipeline();
        w.waitForSimulation();
        QVERIFY(undo->isEnabled());
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        QVERIFY(!undo->isEnabled());
    }

    // Save lab writes the pipelines and the world as the sliders have them; Open lab reads it
    // back; a bad lab file is refused in one line that names its path, and changes nothing.
    void labFilesRoundTripAndBadOnesAreRefused()
    {
        QTemporaryDir dir;
        MainWindow w(quiet());
        w.show();
        QString error;
        QVERIFY(w.openLabFile(QStringLiteral(":/labs/hedging.json"), &error));
        w.waitForSimulation();
        w.parameters()->spinBox("latency_ms")->setValue(150);
        // A name that gives the same variant id as another's is refused, as a file's would be.
        w.labEditor()->renamePipeline(1, QStringLiteral("No-Hedge!"));
        QCOMPARE(w.labEditor()->lab().pipelines[1].name, std::string("hedge at p95"));
        w.labEditor()->renamePipeline(1, QStringLiteral("hedge early"));
        w.waitForSimulation();
        const QString path = dir.filePath(QStringLiteral("mine.json"));
        QVERIFY2(w.saveLabFile(path, &error), qPrintable(error));
        scenarios::Lab saved;
        std::string why;
        QVERIFY(scenarios::parseLab(readAll(path), &saved, &why));
        QCOMPARE(saved.setting.number("latency_ms"), 150.0);
        QCOMPARE(saved.pipelines[1].name, std::string("hedge early"));
        w.selectScenario(*scenarios::findScenario("semaphore"));
        QVERIFY(w.openLabFile(path, &error));
        w.waitForSimulation();
        QCOMPARE(w.parameters()->params().number("latency_ms"), 150.0);
        QCOMPARE(w.simulation()->variants[1].run.variant->label, std::string("hedge early"));

        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"pipelines": [{"layers": [{"kind": "hedge", "delay_ms": -5}]}]})");
        f.close();
        const auto *before = w.scenario();
        QVERIFY(!w.openLabFile(bad, &error));
        QCOMPARE(error, QStringLiteral("bad.json: pipelines[0].layers[0].delay_ms: -5 is out of range; allowed: 0 to 60000"));
        QCOMPARE(w.scenario(), before);
        // Save lab with a practice shown says why it cannot.
        w.selectScenario(*scenarios::findScenario("semaphore"));
        QVERIFY(!w.saveLabFile(path, &error));
        QVERIFY(error.contains(QStringLiteral("not open")));
    }

    void opensOnAPracticeAlreadyPlaying()
    {
        WindowOptions o;
        o.useSettings = false;
        MainWindow w(o);
        w.show();
        w.waitForSimulation();
        QCOMPARE(w.scenario(), &scenarios::registry().front());
        QVERIFY(w.simulation());
        QVERIFY(w.playing());
        QTRY_VERIFY(w.cursorTime() > 0);
    }

    // The comparison layout, the default: at 1600x1000 every variant's timeline is on screen at
    // once with room for its lanes, and every signal has one chart with a line per variant.
    void comparisonLayoutShowsEveryVariantAtOnce_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &s : scenarios::registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id);
    }

    // A practice's layout is the same whether it is opened first or after another: after Retry
    // (seven variants, the tallest strip) and after the Lab, every timeline, chart and the
    // summary strip stand where a fresh open puts them, at both window sizes.
    void aLayoutNeverGoesStale_data() { comparisonLayoutShowsEveryVariantAtOnce_data(); }
    void aLayoutNeverGoesStale()
    {
        QFETCH(QString, id);
        const scenarios::Scenario &s = *scenarios::findScenario(id.toStdString());
        for (const QSize size : {QSize(1600, 1000), QSize(1280, 720)}) {
            const auto geometry = [&](MainWindow &w) {
                w.selectScenario(s);
                w.waitForSimulation();
                QTest::qWait(50);
                QCoreApplication::processEvents();
                QList<QRect> rects{QRect(w.summaryStrip()->mapTo(&w, QPoint(0, 0)), w.summaryStrip()->size())};
                for (TimelineView *t : w.comparison()->timelines())
                    rects << QRect(t->mapTo(&w, QPoint(0, 0)), t->size());
                for (TimeChart *c : w.comparison()->charts())
                    rects << QRect(c->mapTo(&w, QPoint(0, 0)), c->size());
                return rects;
            };
            MainWindow fresh(quiet());
            fresh.resize(size);
            fresh.show();
            const QList<QRect> expected = geometry(fresh);
            for (const char *before : {"retry", "lab"}) {
                MainWindow w(quiet());
                w.resize(size);
                w.show();
                if (QByteArray(before) == "lab") {
                    QString error;
                    QVERIFY2(w.openLabFile(QStringLiteral(":/labs/hedging.json"), &error), qPrintable(error));
                } else {
                    w.selectScenario(*scenarios::findScenario(before));
                }
                w.waitForSimulation();
                QTest::qWait(1);
                QCoreApplication::processEvents();
                const QList<QRect> after = geometry(w);
                QVERIFY2(after == expected, qPrintable(QStringLiteral("%1 after %2 at %3x%4: %5 against %6")
                                                            .arg(id, before).arg(size.width()).arg(size.height())
                                                            .arg(rectsText(after), rectsText(expected))));
            }
        }
    }

    void comparisonLayoutShowsEveryVariantAtOnce()
    {
        QFETCH(QString, id);
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario(id.toStdString()));
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        QCoreApplication::processEvents();
        QVERIFY(w.comparisonLayout());
        ComparisonView *view = w.comparison();
        QVERIFY(view->isVisible());
        const scenarios::Scenario &s = *w.scenario();
        QCOMPARE(view->timelines().size(), s.variants.size());
        QWidget *viewport = w.comparisonViewport();
        const QRect visible = viewport->rect();
        for (TimelineView *timeline : view->timelines()) {
            QVERIFY(timeline->isVisible());
            const QRect r(timeline->mapTo(viewport, QPoint(0, 0)), timeline->size());
            QVERIFY2(visible.contains(r), qPrintable(id + ": a timeline is cut off"));
            QVERIFY2(r.height() >= 24, qPrintable(QStringLiteral("%1: a timeline is %2 px high").arg(id).arg(r.height())));
            QVERIFY(timeline->laneHeight() > 0);
        }
        // The summary strip shows every headline metric and cuts no column off, here and at 1280x720.
        for (const QSize size : {QSize(1600, 1000), QSize(1280, 720)}) {
            w.resize(size);
            QTest::qWait(1);
            QCoreApplication::processEvents();
            QVERIFY2(w.summaryStrip()->sizeHint().width() <= w.summaryStrip()->width(),
                     qPrintable(QStringLiteral("%1 at %2 wide: %3 > %4").arg(id).arg(size.width()).arg(w.summaryStrip()->sizeHint().width()).arg(w.summaryStrip()->width())));
            QString shown = QTextDocumentFragment::fromHtml(w.summaryStrip()->text()).toPlainText();
            shown.replace(QChar::LineSeparator, QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
            for (const auto &m : s.metrics)
                if (m.headline)
                    QVERIFY2(shown.contains(QString::fromStdString(m.label)), m.id.c_str());
        }
        w.resize(1600, 1000);
        QCoreApplication::processEvents();
        QCOMPARE(view->charts().size(), s.chartSignals.size());
        // Every chart shows too: with more than 5 variants (retry has 7) side by side.
        for (TimeChart *chart : view->charts()) {
            const QRect r(chart->mapTo(viewport, QPoint(0, 0)), chart->size());
            QVERIFY2(visible.contains(r), qPrintable(id + ": a chart is cut off"));
            QCOMPARE(chart->lineCount(), int(s.variants.size()));
        }
    }

    // A small window still tells the whole story without scrolling: at 1280x720, a fresh open
    // shows every variant's timeline and (where the practice has two) two charts, each whole.
    // Retry's seven variants are the hard case.
    void aSmallWindowShowsEveryVariantAndTwoCharts_data() { comparisonLayoutShowsEveryVariantAtOnce_data(); }
    void aSmallWindowShowsEveryVariantAndTwoCharts()
    {
        QFETCH(QString, id);
        MainWindow w(quiet());
        w.resize(1280, 720);
        w.show();
        w.selectScenario(*scenarios::findScenario(id.toStdString()));
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        QTest::qWait(1);
        QCoreApplication::processEvents();
        QWidget *viewport = w.comparisonViewport();
        const QRect visible = viewport->rect();
        for (TimelineView *timeline : w.comparison()->timelines()) {
            const QRect r(timeline->mapTo(viewport, QPoint(0, 0)), timeline->size());
            QVERIFY2(visible.contains(r), qPrintable(QStringLiteral("%1: a timeline at %2 is out of view (%3 px)")
                                                         .arg(id, rectsText({r})).arg(visible.height())));
            QVERIFY2(r.height() >= 20, qPrintable(QStringLiteral("%1: a timeline is %2 px high").arg(id).arg(r.height())));
        }
        int shown = 0, charts = 0;
        for (TimeChart *chart : w.comparison()->charts()) {
            if (!chart->isVisible())
                continue;
            ++charts;
            const QRect r(chart->mapTo(viewport, QPoint(0, 0)), chart->size());
            shown += visible.contains(r) && r.height() >= 100 ? 1 : 0;
        }
        QVERIFY2(shown >= std::min(2, charts), qPrintable(QStringLiteral("%1: %2 of %3 charts in view").arg(id).arg(shown).arg(charts)));
    }

    // A lab's five charts in a row at 1280x720 were 140 px each, their axes "…": more than
    // three narrow charts stand in two rows, each wide enough to read.
    void aLabsChartsStayReadableInASmallWindow()
    {
        for (const char *lab : {"adaptive-limit", "hedging", "retry-and-breaker", "retry-budget", "timeouts"}) {
            MainWindow w(quiet());
            w.resize(1280, 720);
            w.show();
            QString error;
            QVERIFY2(w.openLabFile(QStringLiteral(":/labs/%1.json").arg(QLatin1String(lab)), &error), qPrintable(error));
            w.waitForSimulation();
            QTest::qWait(1);
            QCoreApplication::processEvents();
            QList<QWidget *> charts;
            for (TimeChart *c : w.comparison()->charts())
                if (c->isVisible())
                    charts << c;
            if (PercentileChart *p = w.comparison()->percentileChart())
                charts << p;
            for (QWidget *c : charts)
                QVERIFY2(c->width() >= 200 && c->height() >= 100,
                         qPrintable(QStringLiteral("%1: a chart is %2x%3").arg(QLatin1String(lab)).arg(c->width()).arg(c->height())));
        }
    }

    // One variant far beyond the others never crushes them: immediate retry's 8,000 calls a
    // second go off the top of an axis drawn for the others, and the title says so; the guide's
    // uncapped decorator, 13 days long in the contention world, runs past the right edge of a
    // time axis drawn for the others' minute, and its header says where it ends.
    void anOutlierNeverCrushesTheOthers()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        const scenarios::Scenario &retry = *scenarios::findScenario("retry");
        w.selectScenario(retry);
        w.waitForSimulation();
        TimeChart *rate = w.comparison()->charts()[0];
        QCOMPARE(w.comparison()->chartSignals()[0].id, std::string("calls_per_s"));
        QVERIFY2(rate->chart()->title().contains(QStringLiteral("off the top: Immediate retry peaks at 8,000/s")), qPrintable(rate->chart()->title()));
        QVERIFY(w.simulation()->axisTop(w.comparison()->chartSignals()[0]) < 3000);
        // Two variants at the top are the lesson, not an outlier: both backoffs without jitter
        // put 97 calls at the server at once.
        QVERIFY2(!w.comparison()->charts()[1]->chart()->title().contains(QStringLiteral("off the top")),
                 qPrintable(w.comparison()->charts()[1]->chart()->title()));
        QCOMPARE(w.timeWindow(), (std::pair<double, double>{0, 0})); // seconds against seconds: no cut
        scenarios::Params p = retry.defaults();
        for (const char *setting : {"world=contention", "max_attempts=1000", "base_ms=5", "cap_s=2"}) {
            std::string error;
            QVERIFY(scenarios::applySetting(retry, p, setting, &error));
        }
        w.selectScenario(retry, p);
        w.waitForSimulation();
        QVERIFY(w.simulation()->end_s > 86400); // the guide's decorator: days
        const auto [from, to] = w.timeWindow();
        QCOMPARE(from, 0.0);
        QVERIFY2(to > 10 && to < 200, qPrintable(QString::number(to)));
        QVERIFY2(w.comparison()->headerText(2).contains(QStringLiteral("ends at 13.3 days, past the right edge")), qPrintable(w.comparison()->headerText(2)));
        QVERIFY(!w.comparison()->headerText(5).contains(QStringLiteral("past the right edge")));
        QVERIFY(!w.comparison()->charts()[1]->isVisible()); // no server in that world: no empty frame
    }

    void overlayChartsDrawOneLinePerVariantThatRecordsTheSignal()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        ComparisonView *view = w.comparison();
        for (std::size_t c = 0; c < view->charts().size(); ++c) {
            TimeChart *chart = view->charts()[c];
            const std::string &signal = view->chartSignals()[c].id;
            for (std::size_t v = 0; v < w.simulation()->variants.size(); ++v) {
                const bool recorded = w.simulation()->variants[v].recorder().findGauge(signal);
                QCOMPARE(!chart->fullSeries()[v].empty(), recorded); // no line for a semaphore that is not there
            }
        }
        // The permits line is drawn once, dashed, at the limit.
        TimeChart *permits = view->charts()[2];
        QCOMPARE(view->chartSignals()[2].id, std::string("limit.in_use"));
        QCOMPARE(permits->referenceCount(), 1);
        // Clicking a legend entry hides its line, and a second click shows it again.
        QLegendMarker *marker = permits->chart()->legend()->markers().front();
        QVERIFY(marker->series()->isVisible());
        Q_EMIT marker->clicked();
        QVERIFY(!marker->series()->isVisible());
        Q_EMIT marker->clicked();
        QVERIFY(marker->series()->isVisible());
        // Hovering gives the values at that time, one line per variant that has the signal.
        const QString values = permits->valuesAt(1.0);
        QVERIFY2(values.contains(QStringLiteral("semaphore: 10")), qPrintable(values));
        QVERIFY2(!values.contains(QStringLiteral("unbounded")), qPrintable(values));
    }

    // The GIL's stutter is seen: each wake-up of the loop waits up to 20 ms for the lock, at one
    // instant, which the loop-lag gauge cannot keep. The heartbeat chart holds each beat's
    // lateness until the next, so the GIL's line stands at the switch interval or above for
    // most of the run, and the pools that leave the lock alone stay at zero.
    void theGilsStutterIsDrawn()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        const scenarios::Scenario &s = *scenarios::findScenario("executor");
        w.selectScenario(s);
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        ComparisonView *view = w.comparison();
        const auto chart = std::find_if(view->chartSignals().begin(), view->chartSignals().end(),
                                        [](const coro::SignalSpec &c) { return c.id == "heartbeat_late"; });
        QVERIFY(chart != view->chartSignals().end());
        TimeChart *late = view->charts()[std::size_t(chart - view->chartSignals().begin())];
        QVERIFY(late->fullSeries()[0].empty()); // on the loop, the loop-lag chart tells it
        const double end = w.simulation()->variants[1].run.end_s;
        const double interval = s.defaults().number("switch_ms") / 1000;
        double atOrAbove = 0; // seconds the GIL's line spends at one switch interval or more
        const auto &gil = late->fullSeries()[1];
        for (std::size_t i = 0; i + 1 < gil.size(); ++i)
            if (gil[i].y() >= interval - 1e-9)
                atOrAbove += gil[i + 1].x() - gil[i].x();
        QVERIFY2(atOrAbove > end / 2, qPrintable(QStringLiteral("%1 s of %2").arg(atOrAbove).arg(end)));
        for (std::size_t pool : {2, 3}) {
            const auto &series = late->fullSeries()[pool];
            QVERIFY(!series.empty());
            for (const QPointF &p : series)
                QCOMPARE(p.y(), 0.0);
        }
    }

    void loopLagChartRampsWhileTheLoopIsBlocked()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("async-all-the-way"));
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        ComparisonView *view = w.comparison();
        QCOMPARE(view->chartSignals()[0].id, std::string("loop_lag"));
        // Halfway through the blocking variant's run its loop has been blocked for about a second.
        const auto &blocking = view->charts()[0]->fullSeries()[0];
        const double half = w.simulation()->variants[0].run.end_s / 2;
        double lag = 0;
        for (const QPointF &p : blocking)
            if (p.x() <= half)
                lag = p.y();
        QVERIFY2(lag > 0.5, qPrintable(QString::number(lag)));
    }

    void zoomIsSharedAndResets()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("retry"));
        w.waitForSimulation();
        const double end = w.simulation()->end_s;
        QCOMPARE(w.timeWindow(), std::make_pair(0.0, 0.0)); // a practice opens on its whole run
        TimeChart *chart = w.comparison()->charts().front();
        const QPoint middle = chart->chart()->plotArea().center().toPoint();
        QWheelEvent wheel(middle, chart->mapToGlobal(middle), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(chart->viewport(), &wheel);
        const auto [from, to] = w.timeWindow();
        QVERIFY2(to - from < end * 0.9 && to > from, qPrintable(QStringLiteral("%1 %2").arg(from).arg(to)));
        // Every chart and timeline follows; a range dragged zooms to it; a double-click resets.
        w.zoomTo(0, 0.2);
        QCOMPARE(w.timeWindow(), std::make_pair(0.0, 0.2));
        for (TimeChart *c : w.comparison()->charts())
            QVERIFY(c->fullSeries().front().empty() || c->fullSeries().front().back().x() <= 0.2 + 1e-9);
        QTest::mouseDClick(chart->viewport(), Qt::LeftButton, Qt::NoModifier, middle);
        QCOMPARE(w.timeWindow(), std::make_pair(0.0, 0.0));
        // Detail is the other layout, and it is remembered as a choice.
        w.setComparisonLayout(false);
        QVERIFY(!w.comparison()->isVisible());
        QVERIFY(w.panes().front()->isVisible());
    }

    // Ranges over more than two decades move logarithmically: the middle of the permits slider
    // (1 to 1000) is about 30, not 500; a range from 0 keeps 0 at its first position.
    void slidersAreLogarithmicOverWideRanges()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        QSlider *permits = w.parameters()->slider("limit");
        permits->setValue(permits->maximum() / 2);
        const double middle = w.parameters()->spinBox("limit")->value();
        QVERIFY2(middle > 20 && middle < 50, qPrintable(QString::number(middle)));
        QSlider *capacity = w.parameters()->slider("capacity"); // 0 to 1000
        capacity->setValue(0);
        QCOMPARE(w.parameters()->spinBox("capacity")->value(), 0.0);
        capacity->setValue(capacity->maximum() / 2);
        QVERIFY(w.parameters()->spinBox("capacity")->value() < 100);
        w.parameters()->spinBox("capacity")->setValue(10); // and back: the slider follows the value
        QVERIFY(capacity->value() > 0 && capacity->value() < capacity->maximum() / 2);
        // A narrow range stays linear: the failure probability's middle is 0.5.
        w.selectScenario(*scenarios::findScenario("retry"));
        QSlider *failure = w.parameters()->slider("failure_rate");
        failure->setValue(failure->maximum() / 2);
        QCOMPARE(w.parameters()->spinBox("failure_rate")->value(), 0.5);
    }

    // Parameters of the other world are hidden: contention's message time in the flaky world.
    void irrelevantParametersAreHidden()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("retry"));
        ParameterPanel *panel = w.parameters();
        QVERIFY(panel->slider("failure_rate")->isVisibleTo(panel));
        QVERIFY(!panel->slider("message_ms")->isVisibleTo(panel));
        panel->choiceBox("world")->setCurrentText(QStringLiteral("contention"));
        QVERIFY(!panel->slider("failure_rate")->isVisibleTo(panel));
        QVERIFY(panel->slider("message_ms")->isVisibleTo(panel));
        QVERIFY(panel->slider("clients")->isVisibleTo(panel)); // shared by both worlds
    }

    // A run that takes a while shows a busy indicator until it is shown; a quick one never does.
    void aLongRunShowsThatItIsComputing()
    {
        WindowOptions o = quiet();
        MainWindow w(o);
        w.show();
        w.waitForSimulation();
        QVERIFY(!w.busyIndicator()->isVisible());
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.parameters()->spinBox("requests")->setValue(300000);
        QTRY_VERIFY_WITH_TIMEOUT(w.busyIndicator()->isVisible(), 5000);
        QVERIFY(w.cancelButton()->isVisible());
        // It says how far it has got, and the bar moves.
        QTRY_VERIFY_WITH_TIMEOUT(w.busyText()->text().contains(QStringLiteral("of virtual time")), 5000);
        QVERIFY2(w.busyText()->text().startsWith(QStringLiteral("Computing “")), qPrintable(w.busyText()->text()));
        QTRY_VERIFY_WITH_TIMEOUT(w.busyProgress()->value() > 0, 5000);
        w.waitForSimulation();
        QTRY_VERIFY_WITH_TIMEOUT(!w.busyIndicator()->isVisible(), 5000);
        QCOMPARE(w.simulation()->params.number("requests"), 300000.0);
        QVERIFY(!w.truncationBanner()->isVisible()); // it ran to its end
    }

    // Cancel stops the run where it is, at once, and shows it up to there, saying so.
    void cancelShowsTheRunUpToWhereItStopped()
    {
        MainWindow w(quiet());
        w.show();
        w.waitForSimulation();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        w.parameters()->spinBox("requests")->setValue(1000000);
        QTRY_VERIFY_WITH_TIMEOUT(w.cancelButton()->isVisible(), 5000);
        QElapsedTimer wall;
        wall.start();
        QTest::mouseClick(w.cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!w.busyIndicator()->isVisible(), 5000);
        // Shown at once: the hundreds of thousands of requests still parked unwind elsewhere.
        QVERIFY2(wall.elapsed() < 1000, qPrintable(QString::number(wall.elapsed())));
        const auto &sim = *w.simulation();
        QCOMPARE(sim.params.number("requests"), 1000000.0);
        QVERIFY(sim.variants[0].run.truncated());
        QVERIFY2(sim.variants[0].run.truncation.starts_with("cancelled at "), sim.variants[0].run.truncation.c_str());
        const auto &second = sim.variants[1].run; // not run: Cancel stops everything now
        QVERIFY(second.truncated());
        QCOMPARE(second.truncation, std::string("was not run: the run was cancelled before it"));
        QVERIFY(*second.metrics.get("events") <= 1);
        QVERIFY(w.truncationBanner()->isVisible());
        QVERIFY2(w.truncationBanner()->text().contains(QStringLiteral("cancelled at")), qPrintable(w.truncationBanner()->text()));
        // A new value runs to its end again, and the banner goes.
        w.parameters()->spinBox("requests")->setValue(500);
        w.waitForSimulation();
        QTRY_VERIFY_WITH_TIMEOUT(!w.truncationBanner()->isVisible(), 5000);
    }

    // A run past the event budget is shown up to there, and the window says so.
    void theEventBudgetIsShownWhenReached()
    {
        MainWindow w(quiet());
        w.show();
        w.waitForSimulation();
        w.setMaxEvents(2000);
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        QTRY_VERIFY_WITH_TIMEOUT(w.simulation() && w.simulation()->scenario->id == "semaphore", 5000);
        QVERIFY(w.simulation()->variants[0].run.truncated());
        QTRY_VERIFY(w.truncationBanner()->isVisible());
        QVERIFY2(w.truncationBanner()->text().contains(QStringLiteral("budget of 1,000 events (the run's 2,000 shared by 2 variants)")), qPrintable(w.truncationBanner()->text()));
    }

    // A newer request stops the run it makes stale: only the newest is delivered, and it does
    // not wait for the big one to finish.
    void aStaleRunIsStoppedAndTheNewestDelivered()
    {
        const scenarios::Scenario &s = *scenarios::findScenario("semaphore");
        scenarios::Params big = s.defaults(), small = s.defaults();
        big.setNumber("requests", 400000);
        small.setNumber("requests", 50);
        Simulator simulator;
        std::vector<std::shared_ptr<const Simulation>> delivered;
        connect(&simulator, &Simulator::finished, this, [&delivered](std::shared_ptr<const Simulation> sim) { delivered.push_back(std::move(sim)); });
        QElapsedTimer wall;
        wall.start();
        simulator.request(s, big, 1);
        simulator.request(s, small, 1);
        QTRY_COMPARE_WITH_TIMEOUT(int(delivered.size()), 1, 10000);
        QCOMPARE(delivered.front()->params.number("requests"), 50.0);
        QTest::qWait(50);
        QCOMPARE(int(delivered.size()), 1); // the stale one never comes
        // The big run alone takes seconds; stopped, it costs a few thousand events.
        QVERIFY2(wall.elapsed() < 1500, qPrintable(QString::number(wall.elapsed())));
    }

    void everyPracticeRunsToTheEndAndDraws_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &s : scenarios::registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id);
    }

    void everyPracticeRunsToTheEndAndDraws()
    {
        QFETCH(QString, id);
        MainWindow w(quiet());
        w.resize(1400, 900);
        w.show();
        // Select it the way a user does: in the practice list.
        QTreeWidgetItem *found = nullptr;
        for (int g = 0; g < w.practiceList()->topLevelItemCount(); ++g)
            for (int i = 0; i < w.practiceList()->topLevelItem(g)->childCount(); ++i)
                if (w.practiceList()->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString() == id)
                    found = w.practiceList()->topLevelItem(g)->child(i);
        QVERIFY(found);
        w.practiceList()->setCurrentItem(found);
        w.waitForSimulation();
        const scenarios::Scenario &s = *w.scenario();
        QCOMPARE(QString::fromStdString(s.id), id);
        QVERIFY(w.windowTitle().contains(QString::fromStdString(s.title)));
        QVERIFY(!w.lessonView()->toPlainText().isEmpty());
        QVERIFY(!w.codeView(false)->toPlainText().isEmpty());
        QVERIFY(!w.codeView(true)->toPlainText().isEmpty());
        // Every picture the lesson shows is there (compiled in), at its own size.
        for (QTextBlock b = w.lessonView()->document()->begin(); b.isValid(); b = b.next())
            for (auto f = b.begin(); !f.atEnd(); ++f)
                if (const QTextImageFormat image = f.fragment().charFormat().toImageFormat(); image.isValid()) {
                    const QVariant loaded = w.lessonView()->loadResource(QTextDocument::ImageResource, QUrl(image.name()));
                    QVERIFY2(!loaded.value<QImage>().isNull() || !loaded.toByteArray().isEmpty(), qPrintable(image.name()));
                }

        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(w.cursorTime(), w.simulation()->end_s);
        QCOMPARE(w.panes().size(), s.variants.size());
        for (const auto &signal : s.chartSignals) {
            bool recorded = false;
            for (const auto &v : w.simulation()->variants)
                recorded = recorded || v.recorder().findGauge(signal.id);
            QVERIFY2(recorded, signal.id.c_str());
        }
        for (VariantPane *pane : w.panes()) {
            QVERIFY(pane->timeline()->laneHeight() > 0);
            QVERIFY(!pane->charts().empty());
            for (std::size_t c = 0; c < pane->charts().size(); ++c) {
                // A chart has a line where its variant records one of its signals.
                bool recorded = false;
                for (const auto &series : pane->charts()[c]->fullSeries())
                    recorded = recorded || !series.empty();
                if (recorded)
                    QVERIFY2(pane->charts()[c]->pointCount() >= 2, qPrintable(pane->charts()[c]->accessibleName()));
            }
        }
        // At least one variant moves each chart off zero: the charts show something.
        for (std::size_t c = 0; c < w.panes().front()->charts().size(); ++c) {
            bool moves = false;
            for (VariantPane *pane : w.panes())
                for (const auto &series : pane->charts()[c]->fullSeries())
                    for (const QPointF &p : series)
                        moves = moves || p.y() != 0;
            QVERIFY2(moves, qPrintable(w.panes().front()->charts()[c]->accessibleName()));
        }
        for (const auto &v : s.variants)
            QVERIFY2(w.summaryStrip()->text().contains(QString::fromStdString(v.label).toHtmlEscaped()), v.id.c_str());
        QCOMPARE(w.metricsModel()->columnCount(), int(s.variants.size()));
        QVERIFY(w.metricsModel()->rowCount() > 3);
        // The Metrics tab speaks the specs: their labels, headline rows bold; the raw value
        // in SI units underneath; its copy has a line per metric.
        const MetricsModel *model = w.metricsModel();
        for (int r = 0; r < model->rowCount(); ++r) {
            const std::string &id = model->table().ids[std::size_t(r)];
            const QVariant raw = model->data(model->index(r, 0), Qt::UserRole);
            QCOMPARE(raw.isValid(), w.simulation()->variants[0].run.metrics.has(id));
            if (const coro::MetricSpec *spec = s.findMetric(id)) {
                QVERIFY2(model->headerData(r, Qt::Vertical).toString().startsWith(QString::fromStdString(spec->label)), id.c_str());
                QCOMPARE(model->data(model->index(r, 0), Qt::FontRole).value<QFont>().bold(), spec->headline);
            }
        }
        QCOMPARE(model->table().toTsv().count(QLatin1Char('\n')), model->rowCount() + 1);
        QVERIFY(!w.grab().isNull());
    }

    void aSliderChangeResimulatesAndKeepsTheMoment()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        const double before = *w.simulation()->variants.back().run.metrics.get("latency_p99_s");
        w.setCursorTime(1.0);
        QSlider *limit = w.parameters()->slider("limit");
        QVERIFY(limit);
        QSignalSpy shown(&w, &MainWindow::simulationShown);
        limit->setValue(limit->minimum() + 1);
        w.waitForSimulation();
        QVERIFY(shown.count() >= 1);
        QCOMPARE(w.simulation()->params.number("limit"), w.parameters()->spinBox("limit")->value());
        QVERIFY(*w.simulation()->variants.back().run.metrics.get("latency_p99_s") != before);
        QCOMPARE(w.cursorTime(), 1.0);
    }

    void draggingASliderCoalescesRuns()
    {
        MainWindow w(quiet());
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        QSignalSpy shown(&w, &MainWindow::simulationShown);
        QSlider *limit = w.parameters()->slider("limit");
        for (int v = limit->minimum(); v <= limit->maximum(); ++v)
            limit->setValue(v);
        w.waitForSimulation();
        // The last position always wins; the ones in between may be skipped.
        QCOMPARE(w.simulation()->params.number("limit"), w.parameters()->spinBox("limit")->value());
        QVERIFY(shown.count() <= limit->maximum() - limit->minimum() + 1);
    }

    void playbackKeys()
    {
        MainWindow w(quiet());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.waitForSimulation();
        QTest::keyClick(&w, Qt::Key_End);
        QCOMPARE(w.cursorTime(), w.simulation()->end_s);
        QVERIFY(!w.playing());
        QTest::keyClick(&w, Qt::Key_R);
        QVERIFY(w.playing());
        QVERIFY(w.cursorTime() < w.simulation()->end_s);
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.playing());
        w.setCursorTime(0);
        QTest::keyClick(&w, Qt::Key_Right);
        const double first = w.cursorTime();
        QVERIFY(first > 0);
        QVERIFY(std::binary_search(w.simulation()->eventTimes.begin(), w.simulation()->eventTimes.end(), first));
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY(w.cursorTime() > first);
        w.setSpeed(100);
        QCOMPARE(w.speed(), 100.0);
        w.setSpeed(0.1);
        QCOMPARE(w.speed(), 0.1);
    }

    // → stops where a lane changes colour, not only where a task starts or ends: in the retry
    // practice every client's task lasts the whole run, but its waits (a call, a backoff) do not.
    void stepStopsAtTheNextVisibleChange()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("retry"));
        w.waitForSimulation();
        const double pixel = w.simulation()->end_s / 1000;
        double next = 1e9;
        for (const auto &v : w.simulation()->variants)
            for (const auto &seg : v.recorder().segments())
                for (const double t : {coro::toSeconds(seg.start), coro::toSeconds(seg.end)})
                    if (t > pixel)
                        next = std::min(next, t);
        w.setCursorTime(0);
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY2(w.cursorTime() > 0 && w.cursorTime() <= next + 1e-12,
                 qPrintable(QStringLiteral("%1 > %2").arg(w.cursorTime()).arg(next)));
    }

    void timelineDescribesTheTaskUnderThePointer()
    {
        MainWindow w(quiet());
        w.resize(1400, 900);
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        w.runToEnd();
        TimelineView *t = w.panes().front()->timeline();
        const VariantResult &v = w.simulation()->variants.front();
        const int lane = v.laneCount / 2;
        const coro::Span &span = v.recorder().spans()[v.lanes[lane].front()];
        const double middle = (coro::toSeconds(span.start) + coro::toSeconds(span.end)) / 2;
        const QString text = t->describeAt(t->positionOf(lane, middle));
        QVERIFY2(text.contains(QStringLiteral("<b>%1").arg(QString::fromUtf8(span.name))), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral(" s")));
        QVERIFY(t->describeAt(QPoint(1, 1)).isEmpty()); // the margin
    }

    // Pressing on a task outlines its request, every attempt of it, in every variant's
    // timeline (they all face the same requests); pressing on nothing clears it.
    void pressingATaskOutlinesItsRequestEverywhere()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("timeouts"));
        w.waitForSimulation();
        TimelineView *t = w.comparison()->timelines().front();
        const VariantResult &v = w.simulation()->variants.front();
        int lane = 0;
        while (lane < v.laneCount && v.recorder().spans()[v.lanes[std::size_t(lane)].front()].index < 0)
            ++lane;
        QVERIFY(lane < v.laneCount);
        const coro::Span &span = v.recorder().spans()[v.lanes[std::size_t(lane)].front()];
        const double end = span.end.count() < 0 ? v.run.end_s : coro::toSeconds(span.end);
        QTest::mouseClick(t, Qt::LeftButton, {}, t->positionOf(lane, (coro::toSeconds(span.start) + end) / 2));
        const qint64 picked = t->selectedRequest();
        QVERIFY(picked >= 0);
        QVERIFY(t->highlightedSpans() >= 1);
        for (TimelineView *other : w.comparison()->timelines()) {
            QCOMPARE(other->selectedRequest(), picked);
            QVERIFY(other->highlightedSpans() >= 1);
        }
        for (VariantPane *pane : w.panes())
            QCOMPARE(pane->timeline()->selectedRequest(), picked);
        QTest::mouseClick(t, Qt::LeftButton, {}, QPoint(t->width() - 2, t->height() / 2)); // the right margin
        QCOMPARE(w.comparison()->timelines().back()->selectedRequest(), qint64(-1));
        QCOMPARE(w.comparison()->timelines().back()->highlightedSpans(), 0);
    }

    // Every variant of every practice has its own code, Python and C++, and every wait its
    // program's tasks record under the defaults is anchored to a line: hovering any segment
    // lights up the line it waits at. The world's tasks (the server, probes, samplers) and the
    // workload's arrivals are not the program's code and need none.
    void everyWaitOfEveryVariantIsAnchoredInItsCode_data()
    {
        QTest::addColumn<QString>("id");
        for (const auto &s : scenarios::registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id);
    }
    void everyWaitOfEveryVariantIsAnchoredInItsCode()
    {
        QFETCH(QString, id);
        const scenarios::Scenario &s = *scenarios::findScenario(id.toStdString());
        const auto sim = simulate(s, s.defaults(), 1);
        for (bool python : {true, false})
            for (int vi = 0; vi < int(s.variants.size()); ++vi) {
                const CodeSnippet code = loadSnippet(s, vi, python);
                const QString where = snippetPath(s, vi, python);
                QVERIFY2(!code.text().trimmed().isEmpty(), qPrintable(where + ": missing"));
                QVERIFY2(code.unknownAnchors().isEmpty(), qPrintable(where + ": unknown anchors " + code.unknownAnchors().join(", ")));
                const VariantResult &v = sim->variants[std::size_t(vi)];
                QStringList missing;
                int checked = 0;
                for (std::uint32_t span = 0; span < v.recorder().spans().size(); ++span)
                    for (std::uint32_t k = v.segmentBegin[span]; k < v.segmentEnd[span]; ++k) {
                        const coro::Segment &seg = v.recorder().segments()[v.segmentOrder[k]];
                        if (seg.end <= seg.start)
                            continue;
                        const TaskMoment m = momentOf(*sim, vi, span, coro::toSeconds(seg.start + (seg.end - seg.start) / 2));
                        if (m.world)
                            continue;
                        ++checked;
                        const QString key = QString::fromStdString(m.wait + "@" + m.task);
                        if (code.lineFor(m) < 0 && !missing.contains(key))
                            missing << key;
                    }
                QVERIFY2(checked > 0, qPrintable(where + ": no wait of the program's own to check"));
                QVERIFY2(missing.isEmpty(), qPrintable(where + ": no line for " + missing.join(", ")));
            }
    }

    // The strip shows every variant's outcomes, and a headline gain bought with another bad
    // outcome is told (†, and what it traded), not coloured better: the guide's timeout ends
    // the hang by timing the requests out; the fallback answers them.
    void theSummaryTellsATradeFromAGain()
    {
        const scenarios::Scenario &s = *scenarios::findScenario("timeouts");
        const auto sim = simulate(s, s.defaults(), 1);
        const Theme &t = theme(false);
        const QString html = summaryHtml(*sim, false);
        QTextDocument doc;
        doc.setHtml(html);
        const QString text = doc.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("159 ok · 41 unfinished")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("158 ok · 42 timed out")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("158 ok · 42 fallback")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("† timeout(T), returning None (the guide): better, but with 42 more timed out than “No timeout”.")), qPrintable(text));
        // The hung column's deltas: the guide's, traded and muted; the fallback's, a gain in green.
        const QString traded = QStringLiteral("<span style='color:%1'>(−41 †)</span>").arg(t.mutedText.name());
        const QString gained = QStringLiteral("<span style='color:%1'>(−41)</span>").arg(t.roleGood.name());
        QVERIFY2(html.contains(traded), qPrintable(html));
        QVERIFY2(html.contains(gained), qPrintable(html));
        // However narrow, the outcomes stay: at the narrowest, under the names.
        const QString narrow = summaryHtml(*sim, false, 0, OutcomeLayout::BeforeName);
        QVERIFY(narrow.contains(QChar(0x2588)));
        QVERIFY(!narrow.contains(QStringLiteral(">outcomes<")));
    }

    // However narrow, the strip keeps a good pattern's price in sight: batching's latency (20
    // times the one-per-item's) at 1280x720, where the headlines alone would read all green.
    void aNarrowStripKeepsThePrice()
    {
        MainWindow w(quiet());
        w.resize(1280, 720);
        w.show();
        w.selectScenario(*scenarios::findScenario("batching"));
        w.waitForSimulation();
        QTest::qWait(1);
        QCoreApplication::processEvents();
        QVERIFY(hasPrice(*w.simulation()));
        const QString text = QTextDocumentFragment::fromHtml(w.summaryStrip()->text()).toPlainText().replace(QChar::LineSeparator, QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
        QVERIFY2(text.contains(QStringLiteral("mean latency")) || text.contains(QStringLiteral("p99 latency")), qPrintable(text));
        QVERIFY(w.summaryStrip()->sizeHint().width() <= w.summaryStrip()->width());
    }

    // In Detail, each variant stacks what became of its requests over time, where requests end
    // more than one way: timeouts' hung requests are the gap under the dashed line of requests
    // issued; where every request ends well (async-all-the-way) there is no such chart.
    // The comparison layout's Outcomes tab stacks every variant's answers over the run, one
    // chart each, an area per kind of answer that occurred, and names the kinds once.
    void theOutcomesTabStacksEveryVariant()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        for (const char *id : {"circuit-breaker", "retry"}) {
            w.selectScenario(*scenarios::findScenario(id));
            w.waitForSimulation();
            w.showTab(3);
            QCoreApplication::processEvents();
            QVERIFY(w.outcomesPage()->isVisible());
            const auto &charts = w.outcomesPage()->charts();
            QCOMPARE(charts.size(), w.simulation()->variants.size());
            for (std::size_t i = 0; i < charts.size(); ++i) {
                QVERIFY(charts[i]->isVisible());
                QCOMPARE(charts[i]->chart()->title(), QString::fromStdString(w.scenario()->variants[i].label));
                const auto &o = w.simulation()->variants[i].run.outcomes;
                int kinds = 0;
                for (int k = 0; k < coro::kAnswerKinds; ++k)
                    kinds += o.answers[k] > 0;
                QCOMPARE(charts[i]->areaCount(), kinds);
            }
        }
        const QString note = QTextDocumentFragment::fromHtml(w.outcomesPage()->findChild<QLabel *>()->text()).toPlainText();
        QVERIFY2(note.contains(QLatin1String("ok")) && note.contains(QLatin1String("failed")), qPrintable(note));
    }

    void detailStacksTheOutcomesOverTime()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.setComparisonLayout(false);
        w.selectScenario(*scenarios::findScenario("timeouts"));
        w.waitForSimulation();
        QCoreApplication::processEvents();
        for (std::size_t i = 0; i < w.panes().size(); ++i) {
            OutcomesChart *chart = w.panes()[i]->outcomes();
            QVERIFY(chart->isVisible());
            const auto &o = w.simulation()->variants[i].run.outcomes;
            int kinds = 0;
            for (int k = 0; k < coro::kAnswerKinds; ++k)
                kinds += o.answers[k] > 0;
            QCOMPARE(chart->areaCount(), kinds);
        }
        w.selectScenario(*scenarios::findScenario("async-all-the-way"));
        w.waitForSimulation();
        QCoreApplication::processEvents();
        for (VariantPane *pane : w.panes())
            QVERIFY(!pane->outcomes()->isVisible());
    }

    // The yardstick is the first variant that completed anything: in retry, no retry and
    // immediate retry complete nothing, so jitter is held to the guide's backoff, in colour.
    void theSummaryComparesWithAVariantThatDidSomething()
    {
        const scenarios::Scenario &s = *scenarios::findScenario("retry");
        const auto sim = simulate(s, s.defaults(), 1);
        const QString html = summaryHtml(*sim, false);
        QVERIFY2(html.contains(QStringLiteral("Compared with “Exponential backoff, as the guide's async_retry”.")), qPrintable(html));
        const Theme &t = theme(false);
        QVERIFY2(html.contains(QStringLiteral("<span style='color:%1'>(11× fewer)</span>").arg(t.roleGood.name())), qPrintable(html)); // 97 → 9 at the server, full jitter
    }

    void snippetAnchorsAreReadAndRemoved()
    {
        const CodeSnippet py = CodeSnippet::parse(QStringLiteral("async def f():\n"
                                                                 "    user = await get_user()   # first  #@ io\n"
                                                                 "    orders = await get_orders()  #@ io, hung\n"
                                                                 "    await asyncio.sleep(d)  #@ backoff@client, timed-out, nonsense\n"),
                                                  true);
        QCOMPARE(py.text(), QStringLiteral("async def f():\n    user = await get_user()   # first\n"
                                           "    orders = await get_orders()\n    await asyncio.sleep(d)"));
        QCOMPARE(py.unknownAnchors(), QStringList{QStringLiteral("nonsense")});
        auto moment = [](const char *task, const char *wait, int ordinal = 0) {
            TaskMoment m;
            m.task = task;
            m.wait = wait;
            m.ordinal = ordinal;
            return m;
        };
        QCOMPARE(py.lineFor(moment("request", "io")), 1);    // the first I/O wait of a task
        QCOMPARE(py.lineFor(moment("request", "io", 1)), 2); // its second
        QCOMPARE(py.lineFor(moment("request", "io", 2)), 1); // and round again, as a loop does
        QCOMPARE(py.lineFor(moment("request", "backoff")), -1); // anchored for the client only
        QCOMPARE(py.lineFor(moment("client", "backoff")), 3);
        TaskMoment world = moment("client", "backoff");
        world.world = true;
        QCOMPARE(py.lineFor(world), -1);
        TaskMoment ended = moment("request", "");
        ended.ended = true;
        ended.outcome = "timed-out";
        QCOMPARE(py.lineFor(ended), 3);
        const CodeSnippet cpp = CodeSnippet::parse(QStringLiteral("co_await sem.acquire(); // a permit //@ queued\n"), false);
        QCOMPARE(cpp.text(), QStringLiteral("co_await sem.acquire(); // a permit"));
        QCOMPARE(cpp.lineFor(moment("request", "queued")), 0);
    }

    // Hovering a segment in the timeline lights up, in the Code tab, the line the task waits
    // at: the good variant's requests queued for a permit show the semaphore line.
    void hoveringASegmentHighlightsItsCodeLine()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        w.runToEnd();
        const int good = 1;
        QCOMPARE(w.scenario()->variants[good].role, scenarios::Role::Good);
        TimelineView *t = w.comparison()->timelines()[good];
        const VariantResult &v = w.simulation()->variants[good];
        // A request that waits for a permit long enough to be several pixels wide.
        for (std::uint32_t span = 0; span < v.recorder().spans().size(); ++span)
            for (std::uint32_t k = v.segmentBegin[span]; k < v.segmentEnd[span]; ++k) {
                const coro::Segment &seg = v.recorder().segments()[v.segmentOrder[k]];
                if (seg.kind != coro::WaitKind::Queue || coro::toSeconds(seg.end - seg.start) < 0.5)
                    continue;
                const QPoint at = t->positionOf(v.laneOfSpan[span], coro::toSeconds(seg.start + (seg.end - seg.start) / 2));
                TaskMoment m;
                if (!t->momentAt(at, &m) || m.span != span)
                    continue; // lanes thinner than a pixel: another task is under the pointer
                QMouseEvent move(QEvent::MouseMove, QPointF(at), t->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
                QApplication::sendEvent(t, &move);
                QCOMPARE(w.code()->variantShown(1), good);
                const int line = w.code()->highlightedLine(1);
                QVERIFY(line >= 0);
                const QString text = w.codeView(true)->document()->findBlockByNumber(line).text();
                QVERIFY2(text.contains(QLatin1String("async with")) || text.contains(QLatin1String("acquire")), qPrintable(text));
                QVERIFY2(w.code()->status(1).contains(QStringLiteral("queued")), qPrintable(w.code()->status(1)));
                QVERIFY(t->describeAt(at).contains(text.trimmed().toHtmlEscaped()));
                // Leaving the timeline takes the highlight away (nothing is picked).
                QEvent leave(QEvent::Leave);
                QApplication::sendEvent(t, &leave);
                QCOMPARE(w.code()->highlightedLine(1), -1);
                return;
            }
        QFAIL("no queued segment wide enough to hover");
    }

    // Step mode: pick a task, then → moves to its next change (a wait begins or ends) and the
    // Code tab follows it: a retried client of full jitter goes call, backoff, call...
    void stepModeFollowsThePickedTaskInTheCode()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("retry"));
        w.waitForSimulation();
        const int variant = int(w.scenario()->findVariant("full-jitter") - w.scenario()->variants.data());
        const VariantResult &v = w.simulation()->variants[std::size_t(variant)];
        // A client that backs off at least once.
        std::uint32_t client = 0;
        qint64 index = -1;
        for (std::uint32_t span = 0; span < v.recorder().spans().size() && index < 0; ++span)
            for (std::uint32_t k = v.segmentBegin[span]; k < v.segmentEnd[span]; ++k)
                if (v.recorder().segments()[v.segmentOrder[k]].kind == coro::WaitKind::Backoff &&
                    std::string(v.recorder().spans()[span].name) == "client") {
                    client = span;
                    index = v.recorder().spans()[span].index;
                    break;
                }
        QVERIFY(index >= 0);
        w.setCursorTime(0);
        w.pickRequest(variant, index);
        // Every boundary of the client's waits, in order, is one step.
        std::vector<double> expected;
        for (std::uint32_t k = v.segmentBegin[client]; k < v.segmentEnd[client]; ++k)
            for (const coro::Time t : {v.recorder().segments()[v.segmentOrder[k]].start, v.recorder().segments()[v.segmentOrder[k]].end})
                if (coro::toSeconds(t) > 0)
                    expected.push_back(coro::toSeconds(t));
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        QStringList seen;
        for (std::size_t step = 0; step < std::min<std::size_t>(expected.size(), 6); ++step) {
            QTest::keyClick(&w, Qt::Key_Right);
            QVERIFY2(std::abs(w.cursorTime() - expected[step]) < 1e-9,
                     qPrintable(QStringLiteral("step %1: %2, expected %3").arg(step).arg(w.cursorTime()).arg(expected[step])));
            const int side = w.code()->variantShown(0) == variant ? 0 : 1;
            QCOMPARE(w.code()->variantShown(side), variant);
            if (const int line = w.code()->highlightedLine(side); line >= 0)
                seen << w.code()->editor(side)->document()->findBlockByNumber(line).text().trimmed();
        }
        QVERIFY2(std::any_of(seen.begin(), seen.end(), [](const QString &l) { return l.contains(QLatin1String("sleep")); }),
                 qPrintable(seen.join(" | ")));
        QVERIFY2(std::any_of(seen.begin(), seen.end(), [](const QString &l) { return !l.contains(QLatin1String("sleep")); }),
                 qPrintable(seen.join(" | ")));
        // Past the picked client's end, → goes on to the next change of any task, not to the
        // run's end.
        const double clientEnd = coro::toSeconds(v.recorder().spans()[client].end);
        w.setCursorTime(clientEnd);
        QTest::keyClick(&w, Qt::Key_Right);
        QVERIFY2(w.cursorTime() > clientEnd && w.cursorTime() < w.simulation()->end_s,
                 qPrintable(QStringLiteral("%1 after %2, run ends %3").arg(w.cursorTime()).arg(clientEnd).arg(w.simulation()->end_s)));
        // A click on a task picks it and leaves the cursor where it was.
        TimelineView *lane = w.comparison()->timelines()[std::size_t(variant)];
        bool picked = false;
        for (int y = 2; y < lane->height() && !picked; y += 3)
            for (int x = lane->width() / 4; x < lane->width() * 3 / 4 && !picked; x += 7) {
                w.setCursorTime(0.5); // a click between tasks moves it: set again before each
                QTest::mouseClick(lane, Qt::LeftButton, {}, QPoint(x, y));
                picked = lane->selectedRequest() >= 0;
            }
        QVERIFY(picked);
        QCOMPARE(w.cursorTime(), 0.5);
        // Unpicked, → is back to the next change of any task.
        w.pickRequest(variant, -1);
        QCOMPARE(w.code()->highlightedLine(0), -1);
        QCOMPARE(w.code()->highlightedLine(1), -1);
    }

    // Predict, then reveal: the practice's questions come first, and while one is open the
    // numbers that would answer it are hidden (summary, headers' figures, verdicts, the
    // Metrics tab, the lesson past its problem); the run answers, within the tolerance, and the
    // score is kept. Answering the last question shows everything.
    void predictionHidesTheNumbersUntilAnswered()
    {
        WindowOptions o = quiet();
        o.predict = true;
        MainWindow w(o);
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("rate-limit"));
        w.waitForSimulation();
        const scenarios::Scenario &s = *w.scenario();
        QVERIFY(w.predictionBar()->isVisible());
        QVERIFY(w.predictionBar()->asking());
        QVERIFY(w.veiled());
        const scenarios::Question &q0 = s.questions[0];
        QVERIFY2(w.predictionBar()->questionText().contains(QLatin1String("100 requests")), qPrintable(w.predictionBar()->questionText()));
        const int v0 = int(s.findVariant(q0.variant) - s.variants.data());
        const double truth0 = *w.simulation()->variants[std::size_t(v0)].run.metrics.get(q0.metric);
        QVERIFY(truth0 > 20);
        const QString number = formatMetric(truth0, coro::Unit::Count);
        QVERIFY2(!w.summaryStrip()->text().contains(QStringLiteral(">%1<").arg(number)), qPrintable(w.summaryStrip()->text()));
        QVERIFY(!w.summaryStrip()->text().contains(QLatin1String("429")));
        for (int v = 0; v < int(s.variants.size()); ++v) {
            QVERIFY(w.comparison()->headerText(v).contains(QLatin1String("hidden")));
            QVERIFY(w.comparison()->storySoFar(v).isEmpty());
        }
        auto *tabs = w.findChild<QTabWidget *>();
        QVERIFY(!tabs->isTabEnabled(2));
        QVERIFY(!w.lessonView()->toPlainText().contains(QLatin1String("Rule of thumb")));
        // No answer yet: the box reads "?" (not 0, which would be right wherever 0 is the
        // answer), and there is nothing to check.
        QCOMPARE(w.predictionBar()->answerBox()->text(), QStringLiteral("?"));
        w.predictionBar()->check();
        QCOMPARE(w.predictionBar()->questionIndex(), 0);
        QVERIFY(!w.predictionBar()->feedback().contains(QLatin1String("Not quite")));
        // The first answer is right (the run's own number), the second far off.
        w.predictionBar()->answerBox()->setValue(truth0);
        w.predictionBar()->check();
        QVERIFY2(w.predictionBar()->feedback().contains(QLatin1String("Right")), qPrintable(w.predictionBar()->feedback()));
        QVERIFY(w.veiled()); // one more question
        w.predictionBar()->next();
        QCOMPARE(w.predictionBar()->questionIndex(), 1);
        const scenarios::Question &q1 = s.questions[1];
        const int v1 = int(s.findVariant(q1.variant) - s.variants.data());
        const double truth1 = *w.simulation()->variants[std::size_t(v1)].run.metrics.get(q1.metric);
        w.predictionBar()->answerBox()->setValue(truth1 * 3 + 20);
        QSignalSpy revealed(w.predictionBar(), &PredictionBar::revealed);
        w.predictionBar()->check();
        QVERIFY2(w.predictionBar()->feedback().contains(QLatin1String("Not quite")), qPrintable(w.predictionBar()->feedback()));
        QCOMPARE(revealed.size(), 1);
        QVERIFY(!w.veiled());
        QVERIFY(tabs->isTabEnabled(2));
        QVERIFY(w.summaryStrip()->text().contains(number));
        QVERIFY(!w.comparison()->headerText(v0).contains(QLatin1String("hidden")));
        QVERIFY(w.lessonView()->toPlainText().contains(QLatin1String("Rule of thumb")));
        QCOMPARE(w.score("rate-limit"), (std::pair<int, int>{1, 2}));
        // Asked once: coming back does not ask again, unless asked to.
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        QVERIFY(w.veiled()); // a practice not yet asked
        w.predictionBar()->skipAll();
        QVERIFY(!w.veiled());
        w.selectScenario(*scenarios::findScenario("rate-limit"));
        w.waitForSimulation();
        QVERIFY(!w.veiled());
        w.askQuestions();
        QVERIFY(w.veiled());
        // Turned off, the numbers show at once.
        w.setPredict(false);
        QVERIFY(!w.veiled());
        QVERIFY(!w.predictionBar()->isVisible());
    }

    // While a question is open nothing that answers it is drawn, in any practice: no timeline,
    // chart or legend is visible (the run is veiled whole), the run waits at 0 and does not
    // play, the time readouts do not give the run's length, and no label shows the answer. The
    // reveal says why, and then the run is there, playing from its start.
    void anOpenQuestionShowsNothingThatAnswersIt_data() { comparisonLayoutShowsEveryVariantAtOnce_data(); }
    void anOpenQuestionShowsNothingThatAnswersIt()
    {
        QFETCH(QString, id);
        WindowOptions o = quiet();
        o.predict = true;
        o.autoplay = true;
        MainWindow w(o);
        w.resize(1600, 1000);
        w.show();
        const scenarios::Scenario &s = *scenarios::findScenario(id.toStdString());
        w.selectScenario(s);
        w.waitForSimulation();
        QTest::qWait(30); // autoplay would have moved the cursor by now
        QVERIFY(w.predictionBar()->asking());
        for (std::size_t k = 0; k < s.questions.size(); ++k) {
            QCOMPARE(w.predictionBar()->questionIndex(), int(k));
            const scenarios::Question &q = s.questions[k];
            const int v = int(s.findVariant(q.variant) - s.variants.data());
            const double truth = *w.simulation()->variants[std::size_t(v)].run.metrics.get(q.metric);
            const QString answer = formatMetric(truth, metricUnit(s, q.metric));
            for (TimelineView *t : w.comparison()->timelines())
                QVERIFY2(!t->isVisible(), qPrintable(id + ": a timeline is drawn under an open question"));
            for (TimeChart *c : w.comparison()->charts())
                QVERIFY2(!c->isVisible(), qPrintable(id + ": a chart is drawn under an open question"));
            for (VariantPane *pane : w.panes())
                QVERIFY(!pane->isVisible());
            QVERIFY(!w.timelineLegend()->isVisible());
            QVERIFY2(!w.outcomesPage()->isEnabled(), qPrintable(id + ": the outcomes can be seen under an open question"));
            for (int tab : {2, 3}) // asked for (--tab metrics), the tabs with the figures stay hidden
                w.showTab(tab);
            QVERIFY2(!w.outcomesPage()->isVisible(), qPrintable(id + ": the Outcomes tab opens under an open question"));
            for (QTableView *table : w.findChildren<QTableView *>())
                QVERIFY2(!table->isVisible(), qPrintable(id + ": the Metrics tab opens under an open question"));
            QCOMPARE(w.cursorTime(), 0.0);
            QVERIFY(!w.playing());
            const QString end = QString::number(w.simulation()->end_s, 'f', 3);
            for (QLabel *label : w.findChildren<QLabel *>()) {
                if (!label->isVisible() || label->parent() == w.predictionBar() || label->parentWidget() == w.predictionBar())
                    continue; // the bar says the previous answer, and asks this one
                const QString text = QTextDocumentFragment::fromHtml(label->text()).toPlainText();
                QVERIFY2(answer.size() < 3 || !text.contains(answer), // "0" or "12" is in many a label
                         qPrintable(QStringLiteral("%1: '%2' shows the answer %3").arg(id, text, answer)));
                QVERIFY2(!text.contains(end + QStringLiteral(" s")), qPrintable(id + ": " + text + " gives the run's length"));
            }
            // The truth, then why.
            w.predictionBar()->answerBox()->setValue(truth);
            w.predictionBar()->check();
            const QString feedback = w.predictionBar()->feedback();
            QVERIFY2(feedback.contains(QString::fromStdString(q.explain(w.simulation()->params)).toHtmlEscaped()), qPrintable(feedback));
            if (k + 1 < s.questions.size())
                w.predictionBar()->next();
        }
        QVERIFY(!w.veiled());
        for (TimelineView *t : w.comparison()->timelines())
            QVERIFY(t->isVisible());
        QVERIFY(w.playing());
    }

    // The practice list reads 1 to 12, in the guide's order.
    void practicesAreListedInTheGuidesOrder()
    {
        MainWindow w(quiet());
        auto *list = w.findChild<QTreeWidget *>();
        QVERIFY(list);
        QStringList numbers;
        for (QTreeWidgetItemIterator it(list); *it; ++it)
            if (!(*it)->data(0, Qt::UserRole).toString().isEmpty() && (*it)->text(0).contains(QLatin1Char('.')))
                numbers << (*it)->text(0).section(QLatin1Char('.'), 0, 0);
        QCOMPARE(numbers.join(QLatin1Char(' ')), QStringLiteral("1 2 3 4 5 6 7 8 9 10 11 12"));
    }

    void predictionIsOffWhereNotAskedFor()
    {
        MainWindow w(quiet()); // as pictures and tests open it
        w.show();
        w.selectScenario(*scenarios::findScenario("rate-limit"));
        w.waitForSimulation();
        QVERIFY(!w.predicting());
        QVERIFY(!w.veiled());
        QVERIFY(!w.predictionBar()->isVisible());
    }

    // The primitives' state events are ticks on the timeline's top edge, named on hover.
    void stateEventsAreMarkedOnTheTimeline()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("circuit-breaker"));
        w.waitForSimulation();
        const int good = int(w.simulation()->variants.size()) - 1;
        TimelineView *t = w.comparison()->timelines()[std::size_t(good)];
        const auto &events = w.simulation()->variants[std::size_t(good)].recorder().events();
        const auto halfOpen = std::find_if(events.begin(), events.end(), [](const coro::StateEvent &e) { return e.state == "half-open"; });
        QVERIFY(halfOpen != events.end());
        const int x = t->positionOf(0, coro::toSeconds(halfOpen->time)).x();
        const QString text = t->describeAt(QPoint(x, 4));
        QVERIFY2(text.contains(QStringLiteral("breaker half-open")), qPrintable(text));
        QVERIFY(!t->describeAt(QPoint(x + 40, 4)).contains(QStringLiteral("half-open")));
    }

    // More lanes than pixel rows: a density band, labelled with how many lanes a row stands for.
    void manyLanesDrawAsADensityBand()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        TimelineView *t = w.comparison()->timelines().front();
        QVERIFY(w.parameters()->spinBox("requests"));
        w.parameters()->spinBox("requests")->setValue(10);
        w.waitForSimulation();
        QVERIFY2(!t->drawsDensity(), qPrintable(QStringLiteral("%1 lanes in %2 px").arg(w.simulation()->variants.front().laneCount).arg(t->height()))); // a lane each
        w.parameters()->spinBox("requests")->setValue(20000);
        w.waitForSimulation();
        QVERIFY(w.simulation()->variants.front().laneCount > t->height());
        QVERIFY(t->drawsDensity());
        // The charts show the whole of the new, longer run (not the old run's length), and a
        // y axis that grew by 2,000× did not first meet the old tick interval (that hung).
        for (TimeChart *c : w.comparison()->charts())
            QCOMPARE(c->shownWindow().second, w.simulation()->end_s);
        const QImage shot = t->grab().toImage();
        QVERIFY(colourCount(shot) > 4); // drawn, not blank
    }

    // A chart line's colour never passes for a timeline state: no series or variant colour is
    // within ΔE 20 of a state colour, in either theme.
    void seriesColoursAreNotStateColours()
    {
        QStringList clashes;
        for (bool dark : {false, true}) {
            const Theme &t = theme(dark);
            std::vector<std::pair<QString, QColor>> lines;
            for (int i = 0; i < 6; ++i)
                lines.emplace_back(QStringLiteral("series %1").arg(i), t.seriesColor(i));
            for (auto role : {scenarios::Role::Bad, scenarios::Role::Neutral, scenarios::Role::Good})
                for (int rank = 0; rank < 3; ++rank)
                    lines.emplace_back(QStringLiteral("%1 %2").arg(scenarios::roleName(role)).arg(rank), t.variantColor(role, rank));
            for (const auto &[name, colour] : lines)
                for (int s = 0; s < int(LaneState::Count); ++s) {
                    const double d = deltaE(colour, t.stateColor(LaneState(s)));
                    if (d < 20)
                        clashes << QStringLiteral("%1 %2 is ΔE %3 from '%4' %5 (%6)")
                                       .arg(name, colour.name())
                                       .arg(d, 0, 'f', 1)
                                       .arg(QString::fromUtf8(laneStateLabel(LaneState(s))), t.stateColor(LaneState(s)).name(),
                                            dark ? QStringLiteral("dark") : QStringLiteral("light"));
                }
        }
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(QLatin1Char('\n'))));
    }

    // The guide's principles, checklist and takeaways are a page of the practice list; every
    // practice is linked from it, and a link opens that practice.
    void theGuidePageIsReachedFromThePracticeList()
    {
        MainWindow w(quiet());
        w.resize(1600, 1000);
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        auto *list = w.findChild<QTreeWidget *>();
        QVERIFY(list);
        QTreeWidgetItem *page = nullptr;
        for (int g = 0; g < list->topLevelItemCount(); ++g)
            for (int i = 0; i < list->topLevelItem(g)->childCount(); ++i)
                if (list->topLevelItem(g)->child(i)->data(0, Qt::UserRole).toString() == QLatin1String("page:checklist"))
                    page = list->topLevelItem(g)->child(i);
        QVERIFY(page);
        list->setCurrentItem(page);
        QVERIFY(w.showingGuide());
        QVERIFY(w.guidePage()->isVisible());
        const QString text = w.guidePage()->toPlainText();
        for (const char *heading : {"Three principles", "While designing", "While writing", "While testing", "When calling AI services", "Takeaways"})
            QVERIFY2(text.contains(QLatin1String(heading)), heading);
        const QString html = w.guidePage()->toHtml();
        for (const auto &s : scenarios::registry())
            QVERIFY2(html.contains(QStringLiteral("coroscope:%1").arg(QString::fromStdString(s.id))), s.id.c_str());
        Q_EMIT w.guidePage()->anchorClicked(QUrl(QStringLiteral("coroscope:timeouts")));
        QVERIFY(!w.showingGuide());
        QCOMPARE(w.scenario()->id, std::string("timeouts"));
        QCOMPARE(list->currentItem()->data(0, Qt::UserRole).toString(), QStringLiteral("timeouts"));
    }

    // Every checklist item can be ticked, links the practice that shows it and gives the figure
    // measured in its default run (first bad variant, then last good); nothing is left unfilled.
    // Cost and usage point at batching's cost and rate-limit's 429s.
    void theChecklistLinksEveryItemToAPracticeAndAFigure()
    {
        QFile file(QStringLiteral(":/guide/checklist.md"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString source = QString::fromUtf8(file.readAll());
        const GuidePage page = renderGuide(source, {}, defaultRunFigures());
        QVERIFY2(page.problems.isEmpty(), qPrintable(page.problems.join(", ")));
        QCOMPARE(page.items.size(), source.count(QStringLiteral("- [ ] ")));
        QVERIFY(page.items.size() >= 16);
        QCOMPARE(QSet<QString>(page.items.begin(), page.items.end()).size(), page.items.size()); // keys are unique
        const QRegularExpression figure(QStringLiteral(R"(\]\(coroscope:[a-z-]+\)(: \*[^*]+\* [^ ]+ → [^ ;(]+)?)"));
        QStringList cost, usage;
        int items = 0;
        for (const QString &line : page.markdown.split(QLatin1Char('\n'))) {
            if (!line.startsWith(QStringLiteral("- [☐](tick:")))
                continue;
            ++items;
            QVERIFY2(line.contains(figure), qPrintable(line));
            QVERIFY2(line.contains(QRegularExpression(QStringLiteral("[0-9]"))), qPrintable(line)); // a figure
            if (line.contains(QLatin1String("cost tracking")))
                cost << line;
            if (line.contains(QLatin1String("API usage")))
                usage << line;
        }
        QCOMPARE(items, int(page.items.size()));
        QCOMPARE(cost.size(), 1);
        QVERIFY2(cost[0].contains(QLatin1String("coroscope:batching")) && cost[0].contains(QLatin1String("$")), qPrintable(cost[0]));
        QCOMPARE(usage.size(), 1);
        QVERIFY2(usage[0].contains(QLatin1String("coroscope:rate-limit")) && usage[0].contains(QLatin1String("429")), qPrintable(usage[0]));
        // The figures are the runs': semaphore's timed-out requests, unbounded then limited.
        const scenarios::Scenario &sem = *scenarios::findScenario("semaphore");
        const double unbounded = *scenarios::runVariant(sem, sem.variants[0], sem.defaults(), 1).metrics.get("timed_out");
        const double limited = *scenarios::runVariant(sem, sem.variants[1], sem.defaults(), 1).metrics.get("timed_out");
        QVERIFY(unbounded > limited);
        QVERIFY2(page.markdown.contains(QStringLiteral("*timed out* %1 → %2").arg(formatNumber(unbounded), formatNumber(limited))),
                 qPrintable(page.markdown));
        // A ticked item reads so.
        const GuidePage ticked = renderGuide(source, {page.items[3]}, defaultRunFigures());
        QCOMPARE(ticked.markdown.count(QStringLiteral("[☑](tick:")), 1);
        QVERIFY(ticked.markdown.contains(QStringLiteral("[☑](tick:%1)").arg(page.items[3])));
    }

    // The guide's page has no run: Space plays nothing hidden, the playback keys and the sweep
    // are off there, and back on a practice they are on again.
    void theGuidePageHasNoPlayback()
    {
        WindowOptions o = quiet();
        MainWindow w(o);
        w.show();
        w.waitForSimulation();
        QAction *play = nullptr;
        for (QAction *a : w.findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(Qt::Key_Space))
                play = a;
        QVERIFY(play);
        QVERIFY(play->isEnabled());
        w.showGuide();
        QVERIFY(!play->isEnabled());
        QTest::keyClick(&w, Qt::Key_Space);
        QVERIFY(!w.playing());
        w.selectScenario(*scenarios::findScenario("semaphore"));
        QVERIFY(play->isEnabled());
    }

    // Help ▸ Keyboard shortcuts lists every menu action that has a key, from the menus
    // themselves, and the mouse's gestures.
    void theShortcutsPageListsEveryKey()
    {
        MainWindow w(quiet());
        const QString page = QTextDocumentFragment::fromHtml(gui::shortcutsHtml(*w.menuBar())).toPlainText();
        int keys = 0;
        for (QAction *a : w.menuBar()->findChildren<QAction *>()) {
            if (a->shortcut().isEmpty() || a->menu())
                continue;
            ++keys;
            QVERIFY2(page.contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->text()));
            QVERIFY2(page.contains(a->text().remove(QLatin1Char('&')).remove(QStringLiteral("…"))), qPrintable(a->text()));
        }
        QVERIFY(keys >= 15);
        for (const char *text : {"Space", "F11", "Keyboard shortcuts", "Ctrl + wheel", "Press a lane"})
            QVERIFY2(page.contains(QString::fromUtf8(text)), text);
    }

    void checklistTicksAreRemembered()
    {
        QSettings().clear();
        QString key;
        {
            WindowOptions o;
            o.autoplay = false;
            o.predict = false;
            MainWindow w(o);
            w.showGuide();
            QVERIFY(!w.guideItems().isEmpty());
            key = w.guideItems()[2];
            Q_EMIT w.guidePage()->anchorClicked(QUrl(QStringLiteral("tick:%1").arg(key))); // as a click on its box
            QVERIFY(w.guideTicks().count(key));
            QVERIFY(w.guidePage()->toPlainText().contains(QStringLiteral("☑")));
        }
        {
            WindowOptions o;
            o.autoplay = false;
            o.predict = false;
            MainWindow again(o);
            QVERIFY(again.guideTicks().count(key));
            again.showGuide();
            again.toggleGuideItem(key); // unticked
            QVERIFY(!again.guidePage()->toPlainText().contains(QStringLiteral("☑")));
        }
        WindowOptions o;
        o.autoplay = false;
        o.predict = false;
        MainWindow third(o);
        QVERIFY(third.guideTicks().empty());
        QSettings().clear();
    }

    // Closing the sweep dialog mid-sweep stops its runs: nothing computes on for nobody (a
    // sweep of big runs would otherwise keep both cores busy for minutes, and hold up exit).
    // The Lab's sweep: titled by the lab, and its default range ends where something is still
    // answered (the adaptive lab's 150 ms timeouts answer nothing at a mean latency of 1 s).
    void aLabSweepsWhereSomethingAnswers()
    {
        MainWindow w(quiet());
        w.show();
        QString error;
        QVERIFY2(w.openLabFile(QStringLiteral(":/labs/adaptive-limit.json"), &error), qPrintable(error));
        w.waitForSimulation();
        SweepDialog *sweep = w.openSweep();
        QVERIFY(sweep);
        QVERIFY2(!sweep->windowTitle().contains(QStringLiteral("0.")), qPrintable(sweep->windowTitle()));
        QVERIFY2(sweep->windowTitle().contains(QStringLiteral("adaptive limit")), qPrintable(sweep->windowTitle()));
        QVERIFY(sweep->setParameter("latency_ms"));
        const auto [from, to, points] = sweep->range();
        QVERIFY2(to > 100 && to < 150, qPrintable(QString::number(to)));
        QCOMPARE(from, 10.0);
        sweep->close();
    }

    void closingASweepStopsItsRuns()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        w.parameters()->spinBox("requests")->setValue(200000);
        w.waitForSimulation();
        SweepDialog *sweep = w.openSweep(); // 40 runs of 200,000 requests: a minute of work
        QVERIFY(sweep->setSweep("limit", 1, 1000, 20));
        sweep->start();
        QTest::qWait(300);
        QVERIFY(sweep->running());
        sweep->close();
        QElapsedTimer wall;
        wall.start();
        // The runs in progress stop within 4096 turns, then unwind their 200,000 parked requests
        // (0.3-1.6 s on a 2-core machine, by load); unstopped, the sweep would take a minute.
        QVERIFY(QThreadPool::globalInstance()->waitForDone(5000));
        QVERIFY2(wall.elapsed() < 3000, qPrintable(QString::number(wall.elapsed())));
    }

    // A sweep from the window: every variant at each value, a chart per headline metric with
    // a line per variant and a point per value, exported as CSV (a row per run) and PNG.
    void aSweepChartsEveryHeadlineAgainstTheParameter()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        w.parameters()->spinBox("requests")->setValue(100);
        w.waitForSimulation();
        SweepDialog *sweep = w.openSweep();
        QVERIFY(sweep);
        QVERIFY(!sweep->setSweep("arrival", 1, 2, 3)); // a choice is not offered
        QVERIFY(sweep->setSweep("limit", 2, 20, 4));
        QSignalSpy done(sweep, &SweepDialog::finished);
        sweep->start();
        QVERIFY(done.wait(30000));
        const scenarios::Scenario &s = *w.scenario();
        const auto headlines = std::count_if(s.metrics.begin(), s.metrics.end(), [](const auto &m) { return m.headline; });
        QCOMPARE(sweep->chartCount(), int(headlines));
        for (const auto &chart : sweep->linePoints())
            QCOMPARE(chart, std::vector<int>(s.variants.size(), 4));
        // Another of the practice's metrics can be charted too; one it does not declare cannot.
        QVERIFY(!sweep->setExtraMetric("nope"));
        QVERIFY(sweep->setExtraMetric("latency_p99_s"));
        QCOMPARE(sweep->chartCount(), int(headlines) + 1);
        QVERIFY(sweep->setExtraMetric(""));
        QCOMPARE(sweep->chartCount(), int(headlines));
        QCOMPARE(sweep->points().size(), std::size_t(4));
        QCOMPARE(sweep->points()[1].value, 8.0);
        // The sweep's point is the run the window would make at that value.
        scenarios::Params at8 = w.parameters()->params();
        at8.setNumber("limit", 8);
        const auto single = scenarios::runVariant(s, s.variants[1], at8, std::uint64_t(w.seedBox()->value()));
        QCOMPARE(*sweep->points()[1].runs[1].metrics.get("completed"), *single.metrics.get("completed"));
        QCOMPARE(*sweep->points()[1].runs[1].metrics.get("latency_p99_s"), *single.metrics.get("latency_p99_s"));
        QTemporaryDir dir;
        QString error;
        QVERIFY2(sweep->exportCsv(dir.filePath("s.csv"), &error), qPrintable(error));
        QFile csv(dir.filePath("s.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 4 * int(s.variants.size()));
        QVERIFY(lines.front().startsWith("limit,variant,"));
        QVERIFY2(sweep->exportPng(dir.filePath("s.png"), &error), qPrintable(error));
        QVERIFY(!QImage(dir.filePath("s.png")).isNull());
        sweep->close();
    }

    // File dialogs open in the folder last used, at first the user's Documents (never the
    // working directory); File ▸ Open recent lists the labs and presets opened or saved lately,
    // newest first, skips those since deleted, and opens one.
    void recentFilesAndTheDialogFolder()
    {
        clearRecentFiles();
        QSettings().remove(QStringLiteral("files/folder"));
        QCOMPARE(dialogFolder(), QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
        QTemporaryDir dir;
        const QString lab = dir.filePath(QStringLiteral("mine.json")), gone = dir.filePath(QStringLiteral("gone.json"));
        QFile::copy(QStringLiteral(":/labs/hedging.json"), lab);
        QFile::copy(QStringLiteral(":/labs/hedging.json"), gone);
        MainWindow w(quiet());
        w.show();
        QVERIFY(w.openChosenFile(gone));
        QVERIFY(w.openChosenFile(lab));
        QCOMPARE(dialogFolder(), QFileInfo(lab).absolutePath());
        QCOMPARE(inDialogFolder(QStringLiteral("x.json")), QFileInfo(lab).absolutePath() + QStringLiteral("/x.json"));
        QCOMPARE(recentFiles(), (QStringList{QFileInfo(lab).absoluteFilePath(), QFileInfo(gone).absoluteFilePath()}));
        QFile::remove(gone);
        QCOMPARE(recentFiles(), QStringList{QFileInfo(lab).absoluteFilePath()});
        for (int i = 0; i < kRecentFiles + 3; ++i) // the list keeps the newest few
            addRecentFile(lab + QString::number(i));
        QCOMPARE(QSettings().value(QStringLiteral("files/recent")).toStringList().size(), kRecentFiles);
        addRecentFile(lab);
        auto *menu = w.menuBar()->findChild<QMenu *>(QStringLiteral("recentFiles"));
        QVERIFY(menu);
        Q_EMIT menu->aboutToShow();
        QList<QAction *> entries = menu->actions();
        QVERIFY(!entries.isEmpty());
        QVERIFY2(entries.first()->text().contains(QStringLiteral("mine.json")), qPrintable(entries.first()->text()));
        w.selectScenario(*scenarios::findScenario("semaphore"));
        w.waitForSimulation();
        entries.first()->trigger();
        w.waitForSimulation();
        QCOMPARE(w.scenario()->id, std::string("lab"));
        clearRecentFiles();
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        QVERIFY(!menu->actions().first()->isEnabled()); // "No recent files"
    }

    void presetsRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.json"));
        MainWindow w(quiet());
        w.selectScenario(*scenarios::findScenario("retry"));
        const auto numeric = std::find_if(w.scenario()->parameters.begin(), w.scenario()->parameters.end(),
                                          [](const scenarios::Parameter &p) { return !p.isChoice(); });
        QSlider *slider = w.parameters()->slider(numeric->id);
        QVERIFY(slider);
        slider->setValue(slider->maximum() / 3);
        w.seedBox()->setValue(77);
        w.waitForSimulation();
        const scenarios::Params saved = w.parameters()->params();
        QString error;
        QVERIFY2(w.savePresetFile(path, &error), qPrintable(error));

        w.selectScenario(*scenarios::findScenario("gather"));
        w.seedBox()->setValue(3);
        QVERIFY2(w.openPresetFile(path, &error), qPrintable(error));
        w.waitForSimulation();
        QCOMPARE(w.scenario()->id, std::string("retry"));
        QCOMPARE(w.seedBox()->value(), 77);
        QVERIFY(w.parameters()->params().numbers() == saved.numbers());
        QVERIFY(w.parameters()->params().choices() == saved.choices());
        QCOMPARE(w.simulation()->seed, std::uint64_t(77));
    }

    // A p99 no log-normal with that mean can have is said under the sliders, in the words the
    // command line refuses it with, and goes when the values go together again.
    void anImpossibleTailIsSaidUnderTheSliders()
    {
        MainWindow w(quiet());
        w.show();
        w.selectScenario(*scenarios::findScenario("timeouts"));
        w.waitForSimulation();
        QCOMPARE(w.parameters()->problem(), QString());
        w.parameters()->spinBox("latency_ms")->setValue(100);
        w.parameters()->spinBox("latency_p99_ms")->setValue(3000);
        QVERIFY2(w.parameters()->problem().startsWith(QStringLiteral("latency_p99_ms: 3000 ms is more than a log-normal latency with a mean of 100 ms can have at its p99; the largest allowed is 1496 ms")),
                 qPrintable(w.parameters()->problem()));
        QVERIFY(w.parameters()->findChild<QLabel *>(QStringLiteral("parameterProblem"))->isVisible());
        w.parameters()->spinBox("latency_p99_ms")->setValue(900);
        QCOMPARE(w.parameters()->problem(), QString());
        QVERIFY(!w.parameters()->findChild<QLabel *>(QStringLiteral("parameterProblem"))->isVisible());
    }

    void aMalformedPresetIsRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("says");
        QTest::newRow("not json") << QByteArray("{\"format\": ") << "not JSON";
        QTest::newRow("binary") << QByteArray("\x00\xff\x10", 3) << "not JSON";
        QTest::newRow("array") << QByteArray("[1,2]") << "not a Coroscope preset";
        QTest::newRow("wrong format") << QByteArray(R"({"format":"x","version":1})") << "not a Coroscope preset";
        QTest::newRow("version") << QByteArray(R"({"format":"coroscope-preset","version":7})") << "version";
        QTest::newRow("scenario") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"nope","seed":1,"parameters":{}})")
                                  << "unknown scenario 'nope'";
        QTest::newRow("seed") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":-4,"parameters":{}})")
                              << "seed";
        QTest::newRow("twice") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":1,"parameters":{"limit":4,"limit":5}})")
                               << "parameters: \"limit\" is given twice";
        QTest::newRow("fraction") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":1,"parameters":{"limit":2.5}})")
                                  << "needs a whole number from 1 to 1000; got '2.5'";
        QTest::newRow("tail") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"timeouts","seed":1,"parameters":{"latency_ms":100,"latency_p99_ms":3000}})")
                              << "the largest allowed is 1496 ms";
        QTest::newRow("parameter") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":1,"parameters":{"zzz":1}})")
                                   << "unknown parameter 'zzz'";
        QTest::newRow("range") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":1,"parameters":{"limit":1e9}})")
                               << "limit";
        QTest::newRow("type") << QByteArray(R"({"format":"coroscope-preset","version":1,"scenario":"semaphore","seed":1,"parameters":{"limit":[1]}})")
                              << "number or a string";
    }

    void aMalformedPresetIsRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        MainWindow w(quiet());
        w.waitForSimulation();
        const auto *before = w.scenario();
        const auto params = w.parameters()->params().numbers();
        QString error;
        QVERIFY(!w.openPresetFile(path, &error));
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QCOMPARE(w.scenario(), before);
        QVERIFY(w.parameters()->params().numbers() == params);
        QVERIFY(!w.openPresetFile(dir.filePath(QStringLiteral("missing.json")), &error));
        QVERIFY(error.contains(QStringLiteral("cannot read")));
    }

    void exportsWriteFilesThatParse()
    {
        QTemporaryDir dir;
        MainWindow w(quiet());
        w.resize(1300, 850);
        w.show();
        w.selectScenario(*scenarios::findScenario("rate-limit"));
        w.waitForSimulation();
        w.runToEnd();
        QString error;
        const auto &variants = w.scenario()->variants;

        QVERIFY2(w.exportJson(dir.filePath(QStringLiteral("s.json")), &error), qPrintable(error));
        const QJsonObject report = QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("s.json")))).object();
        QCOMPARE(report.value("scenario").toString(), QStringLiteral("rate-limit"));
        QCOMPARE(report.value("results").toArray().size(), qsizetype(variants.size()));
        QVERIFY(report.value("results").toArray().first().toObject().value("metrics").toObject().contains("makespan_s"));

        QVERIFY2(w.exportCsv(dir.filePath(QStringLiteral("csv")), &error), qPrintable(error));
        for (const auto &v : variants) {
            const QList<QByteArray> lines = readAll(dir.filePath(QStringLiteral("csv/%1.csv").arg(QString::fromStdString(v.id)))).split('\n');
            QCOMPARE(lines.first(), QByteArray("series,time_s,value"));
            QVERIFY(lines.size() > 3);
            QCOMPARE(lines[1].count(','), 2);
        }

        QVERIFY2(w.exportTrace(dir.filePath(QStringLiteral("t.json")), &error), qPrintable(error));
        const QJsonArray events = QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("t.json")))).object().value("traceEvents").toArray();
        QVERIFY(events.size() > 100);
        QSet<int> pids;
        for (const auto &e : events)
            pids.insert(e.toObject().value("pid").toInt());
        QCOMPARE(pids.size(), qsizetype(variants.size()));

        QVERIFY2(w.exportImage(&w, dir.filePath(QStringLiteral("w.png")), &error), qPrintable(error));
        const QImage png(dir.filePath(QStringLiteral("w.png")));
        QCOMPARE(png.size(), w.size());
        QVERIFY(colourCount(png) > 20);
        QVERIFY2(w.exportImage(&w, dir.filePath(QStringLiteral("w.svg")), &error), qPrintable(error));
        QVERIFY(QSvgRenderer(dir.filePath(QStringLiteral("w.svg"))).isValid());
        TimeChart *chart = w.panes().front()->charts().front();
        QVERIFY2(w.exportImage(chart, dir.filePath(QStringLiteral("c.svg")), &error), qPrintable(error));
        QVERIFY(QSvgRenderer(dir.filePath(QStringLiteral("c.svg"))).isValid());
        QVERIFY(!w.exportImage(&w, dir.filePath(QStringLiteral("no/such/dir/w.png")), &error));
        QVERIFY(!error.isEmpty());
    }

    void themesAndPresentation()
    {
        MainWindow w(quiet());
        w.resize(1300, 850);
        w.show();
        w.waitForSimulation();
        w.runToEnd();
        const QImage light = w.grab().toImage();
        w.setDark(true);
        QCoreApplication::processEvents(); // the palette reaches the widgets as events
        const QImage dark = w.grab().toImage();
        QVERIFY(light != dark);
        // The dark theme is dark: the average pixel is darker.
        auto brightness = [](const QImage &img) {
            double sum = 0;
            int n = 0;
            for (int y = 0; y < img.height(); y += 9)
                for (int x = 0; x < img.width(); x += 9, ++n)
                    sum += qGray(img.pixel(x, y));
            return sum / n;
        };
        QVERIFY2(brightness(dark) < brightness(light) - 60,
                 qPrintable(QStringLiteral("%1 vs %2").arg(brightness(dark)).arg(brightness(light))));
        const double font = QApplication::font().pointSizeF();
        const double code = w.codeView(true)->font().pointSizeF();
        w.setPresentation(true);
        QVERIFY(QApplication::font().pointSizeF() > font * 1.3);
        QVERIFY(w.codeView(true)->font().pointSizeF() > code * 1.3); // the code too, not only the text
        QVERIFY(w.lessonView()->document()->defaultStyleSheet().contains(QString::number(QApplication::font().pointSizeF(), 'f', 1) + "pt"));
        w.setPresentation(false);
        QCOMPARE(QApplication::font().pointSizeF(), font);
        QCOMPARE(w.codeView(true)->font().pointSizeF(), code);
        w.setDark(false);
    }

    void settingsRememberThePracticeAndParameters()
    {
        QSettings().clear();
        {
            WindowOptions o;
            o.autoplay = false;
            MainWindow w(o);
            w.selectScenario(*scenarios::findScenario("circuit-breaker"));
            w.seedBox()->setValue(5);
            w.setSpeed(10);
            w.waitForSimulation();
            w.close();
        }
        WindowOptions o;
        o.autoplay = false;
        MainWindow again(o);
        again.waitForSimulation();
        QCOMPARE(again.scenario()->id, std::string("circuit-breaker"));
        QCOMPARE(again.seedBox()->value(), 5);
        QCOMPARE(again.speed(), 10.0);
        QSettings().clear();
    }

    void downsamplingKeepsTheExtremes()
    {
        coro::Recorder rec;
        const int g = rec.gauge("x");
        for (int i = 0; i < 50'000; ++i)
            rec.set(g, coro::Time(std::int64_t(i) * 1'000'000), double((i * 7919) % 1000));
        const coro::Gauge &gauge = *rec.findGauge("x");
        const auto pts = stepPoints(gauge, 50.0, 0.0, 50.0, 400);
        QVERIFY(pts.size() <= 3 * 400 + 2);
        double hi = 0, lo = 1e9;
        for (const QPointF &p : pts) {
            hi = std::max(hi, p.y());
            lo = std::min(lo, p.y());
            QVERIFY(p.x() >= 0 && p.x() <= 50.0);
        }
        QCOMPARE(hi, gauge.max);
        QCOMPARE(lo, 0.0);
        // Few points: the exact step function, two points per change.
        coro::Recorder small;
        const int s = small.gauge("y");
        small.set(s, coro::Time(1'000'000'000), 3);
        small.set(s, coro::Time(2'000'000'000), 1);
        const auto exact = stepPoints(*small.findGauge("y"), 4.0, 0.0, 4.0, 400);
        const std::vector<QPointF> want{{0, 0}, {1, 0}, {1, 3}, {2, 3}, {2, 1}, {4, 1}};
        QCOMPARE(exact, want);
    }

    void ratiosReadTheRightWay()
    {
        QCOMPARE(ratioText(4.8, 1.0, "faster", "slower", false), QStringLiteral("4.8× faster"));
        QCOMPARE(ratioText(1.0, 12.0, "fewer", "more", false), QStringLiteral("12× more"));
        QCOMPARE(ratioText(100, 50, "more", "fewer", true), QStringLiteral("2.0× fewer"));
        QCOMPARE(ratioText(0, 5, "fewer", "more", false), QStringLiteral("+5"));
        QCOMPARE(ratioText(7, 7, "fewer", "more", false), QStringLiteral("same"));
        QCOMPARE(ratioText(1.0, 1.02, "faster", "slower", false), QStringLiteral("≈ same"));
    }

    void screenshotOfEveryPractice_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("theme");
        for (const auto &s : scenarios::registry())
            QTest::newRow(s.id.c_str()) << QString::fromStdString(s.id) << (s.practice % 2 ? "light" : "dark");
    }

    void screenshotOfEveryPractice()
    {
        QFETCH(QString, id);
        QFETCH(QString, theme);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("shot.png"));
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_BINARY), {QStringLiteral("--screenshot"), path, QStringLiteral("--scenario"), id,
                                                   QStringLiteral("--size"), QStringLiteral("1280x800"), QStringLiteral("--theme"), theme});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1280, 800));
        QVERIFY(colourCount(image) > 40);
    }

    void screenshotRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("says");
        QTest::newRow("size") << QStringList{"--screenshot", "x.png", "--size", "10x10"} << "--size";
        QTest::newRow("at") << QStringList{"--screenshot", "x.png", "--at", "-1"} << "--at";
        QTest::newRow("theme") << QStringList{"--screenshot", "x.png", "--theme", "blue"} << "--theme";
        QTest::newRow("suffix") << QStringList{"--screenshot", "x.txt"} << ".png";
        QTest::newRow("scenario") << QStringList{"--screenshot", "x.png", "--scenario", "nope"} << "unknown scenario";
        QTest::newRow("set") << QStringList{"--screenshot", "x.png", "--scenario", "semaphore", "--set", "limit=0"} << "limit";
        QTest::newRow("at without") << QStringList{"--at", "3"} << "--screenshot";
        QTest::newRow("run and screenshot") << QStringList{"--run", "semaphore", "--screenshot", "x.png"} << "cannot be combined";
        QTest::newRow("predict") << QStringList{"--screenshot", "x.png", "--predict", "yes"} << "--predict must be on or off";
        QTest::newRow("tab") << QStringList{"--screenshot", "x.png", "--tab", "charts"} << "--tab must be lesson, code, metrics or outcomes";
        QTest::newRow("pick variant") << QStringList{"--screenshot", "x.png", "--scenario", "retry", "--pick", "jitter:3"}
                                      << "unknown variant 'jitter' for retry; allowed: no-retry";
        QTest::newRow("pick number") << QStringList{"--screenshot", "x.png", "--scenario", "retry", "--pick", "full-jitter:x"} << "VARIANT:REQUEST";
        QTest::newRow("run and pick") << QStringList{"--run", "retry", "--pick", "full-jitter:3"} << "cannot be combined";
    }

    void screenshotRefusesBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, says);
        QTemporaryDir dir;
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(QStringLiteral(COROSCOPE_BINARY), args);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(says), qPrintable(err));
        QCOMPARE(err.count(QLatin1Char('\n')), 1);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.png"))) || args.contains(QStringLiteral("--run")));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
