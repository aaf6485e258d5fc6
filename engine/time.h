// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Virtual time. The engine counts integer nanoseconds from the start of a run; seconds as
// doubles appear only at the edges (JSON, CSV, the UI).
#pragma once

#include <chrono>
#include <cstdint>

namespace coro {

using Duration = std::chrono::nanoseconds;
/// A point in virtual time, measured from the start of the run.
using Time = std::chrono::nanoseconds;

using namespace std::chrono_literals;

inline constexpr double toSeconds(Duration d) { return std::chrono::duration<double>(d).count(); }

inline constexpr Duration fromSeconds(double seconds)
{
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

} // namespace coro
