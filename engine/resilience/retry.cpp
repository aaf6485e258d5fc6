// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "retry.h"

#include <algorithm>
#include <cmath>

namespace coro {

const char *jitterName(Jitter jitter)
{
    switch (jitter) {
    case Jitter::None: return "none";
    case Jitter::Full: return "full";
    case Jitter::Equal: return "equal";
    case Jitter::Decorrelated: return "decorrelated";
    }
    return "?";
}

bool isTransient(std::exception_ptr error)
{
    try {
        std::rethrow_exception(error);
    } catch (const ServiceError &e) {
        return e.status() == 429 || e.status() >= 500;
    } catch (const TimeoutError &) {
        return true;
    } catch (...) {
        return false;
    }
}

Duration RetryPolicy::delay(int n, Duration previous, const KeyedRandom &random, const DrawKey &key) const
{
    const double base_s = toSeconds(base);
    const double cap_s = toSeconds(cap);
    const double u = random.uniform(key);
    n += firstRetryExponent;
    double s = 0;
    switch (jitter) {
    case Jitter::None:
        s = std::min(cap_s, base_s * std::pow(factor, n));
        break;
    case Jitter::Full:
        s = u * std::min(cap_s, base_s * std::pow(2.0, n));
        break;
    case Jitter::Equal: {
        const double t = std::min(cap_s, base_s * std::pow(2.0, n));
        s = t / 2 + u * (t / 2);
        break;
    }
    case Jitter::Decorrelated: {
        const double hi = 3 * toSeconds(previous);
        s = std::min(cap_s, base_s + u * std::max(0.0, hi - base_s));
        break;
    }
    }
    return fromSeconds(s);
}

} // namespace coro
