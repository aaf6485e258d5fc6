// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "launch.h"

#include "main_window.h"
#include "sweep_dialog.h"

#include <QEventLoop>
#include "simulation.h"
#include "theme.h"

#include <QApplication>
#include <QTextStream>

namespace gui {

namespace {
// The offscreen platform says, each time a window shows, that it cannot pass size hints on: a
// picture's stderr keeps to what concerns the user.
QtMessageHandler previousHandler = nullptr;

void quietOffscreen(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (message == QLatin1String("This plugin does not support propagateSizeHints()"))
        return;
    if (previousHandler)
        previousHandler(type, context, message);
}

WindowOptions windowOptions(const LaunchRequest &request)
{
    WindowOptions options;
    options.dark = request.dark;
    options.scenario = request.scenario;
    options.params = request.params;
    options.seed = request.seed;
    options.predict = request.predict;
    options.maxEvents = request.maxEvents;
    options.lab = request.lab;
    return options;
}

int screenshot(const LaunchRequest &request)
{
    previousHandler = qInstallMessageHandler(quietOffscreen);
    WindowOptions options = windowOptions(request);
    options.useSettings = false;
    options.predict = request.predict.value_or(false); // a picture shows the numbers unless asked
    options.synchronous = true;
    options.autoplay = false;
    MainWindow window(options);
    window.resize(request.size);
    window.show();
    QCoreApplication::processEvents();
    const double end = window.simulation()->end_s;
    window.setCursorTime(request.at ? std::min(*request.at, end) : end);
    if (request.tab)
        window.showTab(*request.tab);
    if (request.guide)
        window.showGuide();
    QCoreApplication::processEvents();
    if (request.pickRequest >= 0)
        window.pickRequest(request.pickVariant, request.pickRequest);
    QCoreApplication::processEvents();
    QString error;
    if (!request.sweep.isEmpty()) { // the sweep dialog, once its runs are in
        scenarios::Sweep sweep;
        std::string why;
        SweepDialog *dialog = window.openSweep();
        if (!scenarios::parseSweep(*window.scenario(), request.sweep.toStdString(), &sweep, &why) ||
            !dialog->setSweep(sweep.parameter, sweep.from, sweep.to, sweep.points) ||
            (!request.sweepMetric.isEmpty() && !dialog->setExtraMetric(request.sweepMetric.toStdString()))) {
            QTextStream(stderr) << "coroscope: --sweep " << request.sweep << ": " << (why.empty() ? "not offered for this practice" : QString::fromStdString(why)) << '\n';
            return 2;
        }
        QEventLoop wait;
        QObject::connect(dialog, &SweepDialog::finished, &wait, &QEventLoop::quit);
        dialog->start();
        wait.exec();
        QCoreApplication::processEvents();
        if (!window.exportImage(dialog, request.screenshot, &error)) {
            QTextStream(stderr) << "coroscope: " << error << '\n';
            return 2;
        }
        return 0;
    }
    if (!window.exportImage(&window, request.screenshot, &error)) {
        QTextStream(stderr) << "coroscope: " << error << '\n';
        return 2;
    }
    return 0;
}
} // namespace

int launch(QApplication &app, const LaunchRequest &request)
{
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/coroscope.svg")));
    QApplication::setDesktopFileName(QStringLiteral(COROSCOPE_APP_ID)); // the desktop entry's name, for Wayland
    if (!request.screenshot.isEmpty())
        return screenshot(request);
    MainWindow window(windowOptions(request));
    window.show();
    if (request.guide)
        window.showGuide();
    if (request.tab)
        window.showTab(*request.tab);
    if (request.pickRequest >= 0)
        QObject::connect(&window, &MainWindow::simulationShown, &window,
                         [&window, request] { window.pickRequest(request.pickVariant, request.pickRequest); }, Qt::SingleShotConnection);
    return app.exec();
}

} // namespace gui
