// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace coro {

namespace {
constexpr std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
constexpr std::uint64_t golden = 0x9e3779b97f4a7c15ull;
} // namespace

std::uint64_t KeyedRandom::bits(const DrawKey &key, std::uint64_t draw) const
{
    std::uint64_t h = mix(seed_ + golden);
    h = mix(h ^ (key.stream + 1 * golden));
    h = mix(h ^ (key.item + 2 * golden));
    h = mix(h ^ (key.attempt + 3 * golden));
    return mix(h ^ (draw + 4 * golden));
}

double KeyedRandom::uniform(const DrawKey &key, std::uint64_t draw) const
{
    return double(bits(key, draw) >> 11) * 0x1.0p-53;
}

double KeyedRandom::uniformOpen(const DrawKey &key, std::uint64_t draw) const
{
    return (double(bits(key, draw) >> 11) + 0.5) * 0x1.0p-53;
}

double KeyedRandom::normal(const DrawKey &key, std::uint64_t draw) const
{
    // Box-Muller on two independent draws.
    const double u1 = uniformOpen(key, 2 * draw);
    const double u2 = uniform(key, 2 * draw + 1);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

Distribution Distribution::fixed(Duration value)
{
    Distribution d;
    d.kind_ = Kind::Fixed;
    d.a_ = toSeconds(value);
    return d;
}

Distribution Distribution::uniform(Duration low, Duration high)
{
    Distribution d;
    d.kind_ = Kind::Uniform;
    d.a_ = toSeconds(std::min(low, high));
    d.b_ = toSeconds(std::max(low, high));
    return d;
}

Distribution Distribution::exponential(Duration mean)
{
    Distribution d;
    d.kind_ = Kind::Exponential;
    d.a_ = toSeconds(mean);
    return d;
}

Distribution Distribution::logNormal(Duration mean, Duration p99)
{
    // For ln X ~ N(mu, s^2): mean = exp(mu + s^2/2) and p99 = exp(mu + z s), z = Phi^-1(0.99).
    // Subtracting: s^2/2 - z s + ln(p99/mean) = 0; the smaller root is the light-tailed one.
    constexpr double z = 2.3263478740408408;
    const double m = std::max(toSeconds(mean), 1e-12);
    const double ratio = std::log(std::max(toSeconds(p99), m) / m);
    const double disc = std::max(z * z - 2.0 * ratio, 0.0);
    Distribution d;
    d.kind_ = Kind::LogNormal;
    d.b_ = z - std::sqrt(disc);
    d.a_ = std::log(m) - d.b_ * d.b_ / 2.0;
    return d;
}

Duration Distribution::maxLogNormalP99(Duration mean)
{
    constexpr double z = 2.3263478740408408;
    return fromSeconds(toSeconds(mean) * std::exp(z * z / 2.0));
}

Duration Distribution::sample(const KeyedRandom &random, const DrawKey &key) const
{
    double s = 0;
    switch (kind_) {
    case Kind::Fixed: s = a_; break;
    case Kind::Uniform: s = a_ + (b_ - a_) * random.uniform(key); break;
    case Kind::Exponential: s = -a_ * std::log(random.uniformOpen(key)); break;
    case Kind::LogNormal: s = std::exp(a_ + b_ * random.normal(key)); break;
    }
    return fromSeconds(s);
}

double Distribution::meanSeconds() const
{
    switch (kind_) {
    case Kind::Fixed: return a_;
    case Kind::Uniform: return (a_ + b_) / 2;
    case Kind::Exponential: return a_;
    case Kind::LogNormal: return std::exp(a_ + b_ * b_ / 2);
    }
    return 0;
}

} // namespace coro
