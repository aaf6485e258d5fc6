// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "common.h"

#include "engine/recorder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace scenarios {

using namespace std::chrono_literals;

Parameter arrivalParameter(const char *defaultValue)
{
    return {"arrival", "Arrivals", "", Choices{{"burst", "poisson"}, defaultValue}};
}

Parameter arrivalRateParameter(double defaultPerSecond)
{
    return {"arrival_rate", "Arrival rate (Poisson)", "req/s", NumericRange{0.1, 100000, defaultPerSecond, 0.1}, "arrival=poisson"};
}

Parameter latencyKindParameter(const char *defaultValue)
{
    return {"latency", "Latency distribution", "", Choices{{"fixed", "exponential", "lognormal"}, defaultValue}};
}

Parameter withCondition(Parameter parameter, std::string onlyWhen)
{
    parameter.onlyWhen = std::move(onlyWhen);
    return parameter;
}

coro::Distribution latencyDistribution(const Params &params, coro::Duration mean)
{
    const std::string &kind = params.choice("latency");
    if (kind == "fixed")
        return coro::Distribution::fixed(mean);
    if (kind == "exponential")
        return coro::Distribution::exponential(mean);
    return coro::Distribution::logNormal(mean, mean * 6);
}

Arrivals::Arrivals(const RunContext &ctx)
    : random_(ctx.random), poisson_(ctx.params.choice("arrival") == "poisson"),
      gap_(coro::Distribution::exponential(coro::fromSeconds(1.0 / ctx.params.number("arrival_rate"))))
{
}

coro::Duration Arrivals::gapBefore(std::uint64_t i) const
{
    return poisson_ ? gap_.sample(random_, {ArrivalStream, i, 0}) : coro::Duration{0};
}

void reportLittlesLaw(RunContext &ctx, std::initializer_list<const char *> gaugesInSystem, double unanswered_s)
{
    const coro::Recorder &rec = ctx.loop.recorder();
    const double elapsed = coro::toSeconds(ctx.loop.now());
    if (elapsed <= 0 || rec.answered() == 0)
        return;
    double area = 0;
    for (const char *name : gaugesInSystem)
        if (const coro::Gauge *g = rec.findGauge(name))
            area += g->area + g->last * coro::toSeconds(ctx.loop.now() - g->lastChange);
    // Every answered request spent its answer time in the system, whatever the answer.
    ctx.extraMetrics.push_back({"mean_in_system", area / elapsed});
    ctx.extraMetrics.push_back({"littles_law_in_system", (rec.answerTimeTotal() + unanswered_s) / elapsed});
}

void issue(std::uint64_t n)
{
    coro::Loop &loop = coro::Loop::running();
    loop.recorder().issued(loop.now(), n);
}

void answer(coro::Answer answer, coro::Time issuedAt)
{
    coro::Loop::running().recorder().answered(answer, coro::now(), coro::now() - issuedAt);
}

void settle(const char *name, coro::TaskOutcome outcome)
{
    count(name);
    coro::markOutcome(outcome);
}

void count(const char *name, double delta)
{
    coro::Loop::running().recorder().add(name, delta);
}

coro::SignalSpec withReference(coro::SignalSpec signal, std::string label, std::string parameter)
{
    signal.references.push_back({.label = std::move(label), .parameter = std::move(parameter)});
    return signal;
}

std::string said(double seconds)
{
    char text[32];
    if (seconds < 1)
        std::snprintf(text, sizeof text, "%.0f ms", seconds * 1e3);
    else
        std::snprintf(text, sizeof text, seconds < 10 ? "%.1f s" : "%.0f s", seconds);
    return text;
}

std::string saidCount(double n)
{
    const std::string digits = std::to_string(std::llabs(std::llround(n)));
    std::string out = n < -0.5 ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

double whenPeaked(const coro::Recorder &recorder, const char *gauge)
{
    const coro::Gauge *g = recorder.findGauge(gauge);
    if (!g || g->points.empty())
        return 0;
    const auto peak = std::max_element(g->points.begin(), g->points.end(),
                                       [](const coro::GaugePoint &a, const coro::GaugePoint &b) { return a.value < b.value; });
    return coro::toSeconds(peak->time);
}

double gaugeAt(const coro::Recorder &recorder, const char *gauge, double t)
{
    double value = 0;
    if (const coro::Gauge *g = recorder.findGauge(gauge))
        for (const coro::GaugePoint &p : g->points) {
            if (coro::toSeconds(p.time) > t)
                break;
            value = p.value;
        }
    return value;
}

double runEnd(const coro::Recorder &recorder)
{
    double end = 0;
    for (const coro::Span &s : recorder.spans())
        end = std::max(end, coro::toSeconds(s.end.count() < 0 ? s.start : s.end));
    return end;
}

std::string checkTail(const Params &params, const char *meanMs, const char *p99Ms, bool noTailAtMean)
{
    const double mean = params.number(meanMs), p99 = params.number(p99Ms);
    if (noTailAtMean && p99 <= mean)
        return {};
    const double largest = std::floor(coro::toSeconds(coro::Distribution::maxLogNormalP99(coro::fromSeconds(mean / 1000))) * 1000);
    if (p99 <= largest)
        return {};
    char text[256];
    std::snprintf(text, sizeof text,
                  "%s: %g ms is more than a log-normal latency with a mean of %g ms can have at its p99; the largest allowed is %g ms "
                  "(14.97 times the mean)",
                  p99Ms, p99, mean, largest);
    return text;
}

} // namespace scenarios
