// The headless command line: --list and --run (the contract in DESIGN.md). Needs no display.
#pragma once

#include <QStringList>

namespace app {

/// Runs the command line; returns the process exit status (2 on bad input).
int runCommandLine(const QStringList &arguments);

} // namespace app
