// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Presets: a scenario, a seed and parameter values saved as a small JSON file, so a
// setting worth showing can be shared and reopened. Loading checks everything it reads:
// a malformed file is refused with one line saying what is wrong.
#pragma once

#include "scenario.h"

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace scenarios {

struct Preset {
    const Scenario *scenario = nullptr;
    Params params;
    std::uint64_t seed = 1;
};

/// {"format": "coroscope-preset", "version": 1, "scenario", "seed", "parameters": {...}}
QByteArray savePreset(const Preset &preset);
/// Parses and checks a preset; on failure returns false and says why in *error.
bool loadPreset(const QByteArray &json, Preset *preset, QString *error);

} // namespace scenarios
