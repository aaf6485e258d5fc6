// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// coroscope: the window by default; --list and --run on the command line need no display.
#include "cli.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    gui::LaunchRequest window;
    const int status = app::runCommandLine(arguments, &window);
    if (status >= 0)
        return status;

    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        if (!window.screenshot.isEmpty()) {
            qputenv("QT_QPA_PLATFORM", "offscreen"); // a picture needs no display
        } else if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
            QTextStream(stderr) << "coroscope: no display to open the window on; use --run or --list for the "
                                   "command line, or --screenshot FILE for a picture (see --help)\n";
            return 2;
        }
    }
    QApplication app(argc, argv);
    return gui::launch(app, window);
}
