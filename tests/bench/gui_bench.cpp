// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The window's speed targets, measured on the real widgets offscreen:
// - a slider change to redrawn charts (default practice): median <= 16 ms;
// - one playback frame (cursor moved, every pane redrawn): well under 16 ms for 60 fps;
// - the longest stall of the GUI thread while a run of over a million events is computed
//   and shown: <= 50 ms;
// - cold start to a drawn window (the real binary taking a screenshot): < 1 s.
#include "gui/main_window.h"
#include "gui/parameter_panel.h"
#include "gui/simulation.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QProcess>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <benchmark/benchmark.h>

namespace {

gui::WindowOptions quiet()
{
    gui::WindowOptions o;
    o.useSettings = false;
    o.autoplay = false;
    return o;
}

// Slider moved -> the worker re-simulates every variant -> results shown -> window redrawn.
void BM_SliderToRedraw(benchmark::State &state)
{
    gui::MainWindow w(quiet());
    w.resize(1600, 1000);
    w.show();
    w.waitForSimulation();
    w.runToEnd();
    QSlider *slider = w.parameters()->slider(w.scenario()->parameters.front().id);
    const int a = slider->value(), b = a + 1;
    bool flip = false;
    for (auto _ : state) {
        QElapsedTimer t;
        t.start();
        slider->setValue((flip = !flip) ? b : a);
        w.waitForSimulation();
        w.repaint(); // synchronous: every pane, chart and timeline drawn
        state.SetIterationTime(double(t.nsecsElapsed()) * 1e-9);
    }
    state.SetLabel(w.scenario()->id);
}
BENCHMARK(BM_SliderToRedraw)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(60);

// One frame of playback: the cursor advances and the window is redrawn.
void BM_PlaybackFrame(benchmark::State &state)
{
    gui::MainWindow w(quiet());
    w.resize(1600, 1000);
    w.show();
    w.selectScenario(*scenarios::findScenario(state.range(0) ? "retry" : "async-all-the-way"));
    w.waitForSimulation();
    const double end = w.simulation()->end_s;
    double t = 0;
    for (auto _ : state) {
        t += end / 240;
        if (t > end)
            t = 0;
        w.setCursorTime(t);
        w.repaint();
    }
    state.SetLabel(w.scenario()->id);
}
BENCHMARK(BM_PlaybackFrame)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The GUI thread's longest gap between 2 ms timer ticks while a big run is computed on the
// worker and then shown.
void BM_GuiStallBigRun(benchmark::State &state)
{
    const scenarios::Scenario &s = *scenarios::findScenario("semaphore");
    gui::WindowOptions o = quiet();
    o.scenario = &s;
    gui::MainWindow w(o);
    w.resize(1600, 1000);
    w.show();
    w.waitForSimulation();
    double worstMs = 0, events = 0;
    for (auto _ : state) {
        QElapsedTimer gap, total;
        double worst = 0;
        QTimer probe;
        probe.setInterval(2);
        QObject::connect(&probe, &QTimer::timeout, [&] {
            worst = std::max(worst, double(gap.nsecsElapsed()) * 1e-6);
            gap.restart();
        });
        bool shown = false;
        auto c = QObject::connect(&w, &gui::MainWindow::simulationShown, [&] { shown = true; });
        gap.start();
        total.start();
        probe.start();
        w.parameters()->spinBox("requests")->setValue(state.range(0));
        while (!shown)
            QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 2);
        // A few more frames: the first paint of the new run happens after it is shown.
        for (int i = 0; i < 10; ++i) {
            w.setCursorTime(w.simulation()->end_s * i / 10);
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        }
        probe.stop();
        QObject::disconnect(c);
        worstMs = std::max(worstMs, worst);
        events = 0;
        for (const auto &v : w.simulation()->variants)
            events += v.run.metrics.get("events").value_or(0);
        state.SetIterationTime(double(total.nsecsElapsed()) * 1e-9);
        w.parameters()->spinBox("requests")->setValue(400);
        w.waitForSimulation();
    }
    state.counters["worst_stall_ms"] = worstMs;
    state.counters["events"] = events;
}
BENCHMARK(BM_GuiStallBigRun)->Arg(200'000)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

// The real binary, from exec to a drawn window saved as PNG (an upper bound on first paint).
void BM_ColdStartScreenshot(benchmark::State &state)
{
    QTemporaryDir dir;
    for (auto _ : state) {
        QProcess p;
        p.start(QStringLiteral(COROSCOPE_BINARY), {QStringLiteral("--screenshot"), dir.filePath(QStringLiteral("s.png"))});
        p.waitForFinished(30000);
        if (p.exitCode() != 0)
            state.SkipWithError("coroscope --screenshot failed");
    }
}
BENCHMARK(BM_ColdStartScreenshot)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(10);

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
