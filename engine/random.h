// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Keyed, counter-based randomness. A draw is a pure function of (seed, stream, item, attempt,
// draw), never of the order in which tasks ask, so every variant of a scenario faces the same
// luck: item 7's second attempt is as slow in the bad variant as in the good one. The mixer is
// SplitMix64's finaliser applied word by word (as in counter-based generators such as Philox,
// but simpler; plenty for simulation, not for cryptography).
#pragma once

#include "time.h"

#include <cstdint>

namespace coro {

struct DrawKey {
    std::uint64_t stream = 0; ///< which source of randomness (a service, the arrivals, ...)
    std::uint64_t item = 0;
    std::uint64_t attempt = 0;
};

class KeyedRandom {
public:
    explicit KeyedRandom(std::uint64_t seed = 1) : seed_(seed) {}
    std::uint64_t seed() const { return seed_; }
    std::uint64_t bits(const DrawKey &key, std::uint64_t draw = 0) const;
    /// Uniform in [0, 1).
    double uniform(const DrawKey &key, std::uint64_t draw = 0) const;
    /// Uniform in (0, 1): safe under log().
    double uniformOpen(const DrawKey &key, std::uint64_t draw = 0) const;
    double normal(const DrawKey &key, std::uint64_t draw = 0) const;
    bool bernoulli(double p, const DrawKey &key, std::uint64_t draw = 0) const { return uniform(key, draw) < p; }

private:
    std::uint64_t seed_;
};

/// A distribution of durations. Parameters are the user-facing knobs.
class Distribution {
public:
    enum class Kind { Fixed, Uniform, Exponential, LogNormal };

    static Distribution fixed(Duration value);
    static Distribution uniform(Duration low, Duration high);
    static Distribution exponential(Duration mean);
    /// A heavy tail given by its mean and 99th percentile (p99 / mean is capped at ~14.9,
    /// the most a log-normal with that mean allows).
    static Distribution logNormal(Duration mean, Duration p99);
    /// The largest p99 a log-normal with this mean can have: exp(z²/2) ≈ 14.97 times the mean
    /// (z = Φ⁻¹(0.99)); logNormal() caps a larger one there.
    static Duration maxLogNormalP99(Duration mean);

    Duration sample(const KeyedRandom &random, const DrawKey &key) const;
    Kind kind() const { return kind_; }
    double meanSeconds() const;

private:
    Kind kind_ = Kind::Fixed;
    double a_ = 0; // fixed: value; uniform: low; exponential: mean; log-normal: mu   (seconds)
    double b_ = 0; // uniform: high; log-normal: sigma
};

} // namespace coro
