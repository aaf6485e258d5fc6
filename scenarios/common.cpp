#include "common.h"

#include "engine/recorder.h"

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

void reportLittlesLaw(RunContext &ctx, std::initializer_list<const char *> gaugesInSystem)
{
    const coro::Recorder &rec = ctx.loop.recorder();
    const double elapsed = coro::toSeconds(ctx.loop.now());
    if (elapsed <= 0 || rec.latencyCount() == 0)
        return;
    double area = 0;
    for (const char *name : gaugesInSystem)
        if (const coro::Gauge *g = rec.findGauge(name))
            area += g->area + g->last * coro::toSeconds(ctx.loop.now() - g->lastChange);
    double total = 0;
    for (const std::int64_t ns : rec.latencySamples())
        total += double(ns) * 1e-9;
    const double meanLatency = total / double(rec.latencySamples().size());
    ctx.extraMetrics.push_back({"mean_in_system", area / elapsed});
    ctx.extraMetrics.push_back({"littles_law_in_system", double(rec.latencyCount()) / elapsed * meanLatency});
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

} // namespace scenarios
