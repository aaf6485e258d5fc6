// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The command line (its contract: README, "The command line"): --list and --run are headless and need no
// display; anything else opens the window or takes a picture of it (--screenshot).
#pragma once

#include "gui/launch.h"

#include <QStringList>

namespace app {

/// Runs a headless command and returns its exit status (2 on bad input); or, when the window
/// is wanted, fills *window and returns -1. Checks every argument before anything opens.
int runCommandLine(const QStringList &arguments, gui::LaunchRequest *window);

} // namespace app
