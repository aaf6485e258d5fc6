// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "metrics.h"

#include <limits>

#include "loop.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace coro {

namespace {
double percentile(const std::vector<std::int64_t> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const double pos = q * double(sorted.size() - 1);
    const auto lo = std::size_t(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    const double frac = pos - double(lo);
    return (double(sorted[lo]) + (double(sorted[hi]) - double(sorted[lo])) * frac) * 1e-9;
}
} // namespace

LatencySummary summarizeLatency(std::vector<std::int64_t> samples, std::uint64_t totalCount)
{
    LatencySummary s;
    s.count = totalCount;
    s.exact = samples.size() == totalCount;
    if (samples.empty())
        return s;
    std::sort(samples.begin(), samples.end());
    long double sum = 0;
    for (auto v : samples)
        sum += v;
    s.mean = double(sum / samples.size()) * 1e-9;
    s.p50 = percentile(samples, 0.50);
    s.p95 = percentile(samples, 0.95);
    s.p99 = percentile(samples, 0.99);
    s.max = double(samples.back()) * 1e-9;
    return s;
}

void Metrics::set(const std::string &name, double value)
{
    for (auto &[n, v] : values_)
        if (n == name) {
            v = value;
            return;
        }
    values_.emplace_back(name, value);
}

std::optional<double> Metrics::get(const std::string &name) const
{
    for (const auto &[n, v] : values_)
        if (n == name)
            return v;
    return std::nullopt;
}

Metrics summarize(const Loop &loop)
{
    const Recorder &rec = loop.recorder();
    Metrics m;
    m.set("makespan_s", toSeconds(loop.now()));
    m.set("events", double(loop.events()));
    m.set("tasks", double(rec.tasksSpawned()));
    if (const Gauge *lag = rec.findGauge("loop_lag"))
        m.set("max_loop_lag_s", lag->max);
    LatencySummary l;
    if (rec.latencyCount() > 0) {
        l = summarizeLatency(rec.latencySamples(), rec.latencyCount());
        m.set("latency_mean_s", l.mean);
        m.set("latency_p50_s", l.p50);
        m.set("latency_p95_s", l.p95);
        m.set("latency_p99_s", l.p99);
        m.set("latency_max_s", l.max);
        if (!l.exact)
            m.set("latency_sampled", 1);
    }
    // The caller's wait for any answer, a refusal or a timeout too (latency is of successes).
    if (rec.answered() > 0) {
        LatencySummary a = l; // every answer a success: the same samples, sorted once
        if (!rec.otherAnswerSamples().empty()) {
            std::vector<std::int64_t> all = rec.latencySamples();
            all.insert(all.end(), rec.otherAnswerSamples().begin(), rec.otherAnswerSamples().end());
            a = summarizeLatency(std::move(all), rec.answered());
        }
        m.set("answer_time_mean_s", rec.answerTimeTotal() / double(rec.answered()));
        m.set("answer_time_p50_s", a.p50);
        m.set("answer_time_p99_s", a.p99);
        m.set("answer_time_max_s", a.max);
    }
    for (const Counter &c : rec.counters())
        m.set(c.name, c.value);
    for (const Gauge &g : rec.gauges())
        if (g.name != "loop_lag" && !g.name.starts_with("answers."))
            m.set("peak_" + g.name, g.max);
    return m;
}

double erlangCMeanWait(int c, double lambda, double mu)
{
    if (c < 1 || mu <= 0 || lambda >= c * mu)
        return std::numeric_limits<double>::infinity();
    const double a = lambda / mu;
    const double rho = a / c;
    double term = 1, sum = 0; // term = a^k / k!
    for (int k = 0; k < c; ++k) {
        sum += term;
        term *= a / (k + 1);
    }
    const double tail = term / (1 - rho);
    const double probWait = tail / (sum + tail);
    return probWait / (c * mu - lambda);
}

} // namespace coro
