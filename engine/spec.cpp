// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "spec.h"

namespace coro {

const char *betterName(Better better)
{
    switch (better) {
    case Better::Lower: return "lower";
    case Better::Higher: return "higher";
    case Better::None: return nullptr;
    }
    return nullptr;
}

const char *unitSymbol(Unit unit)
{
    switch (unit) {
    case Unit::Count: return "";
    case Unit::Seconds: return "s";
    case Unit::Money: return "$";
    case Unit::PerSecond: return "/s";
    case Unit::Ratio: return "×";
    }
    return "";
}

} // namespace coro
