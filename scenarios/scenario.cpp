// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#include "scenario.h"

#include <algorithm>

#include "engine/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace scenarios {

double Scenario::Story::number(const char *metric) const { return metrics.get(metric).value_or(0); }

const char *roleName(Role role)
{
    switch (role) {
    case Role::Bad: return "bad";
    case Role::Good: return "good";
    case Role::Neutral: return "neutral";
    }
    return "?";
}

bool Parameter::appliesTo(const Params &params) const
{
    if (const auto gt = onlyWhen.find('>'); gt != std::string::npos) { // "NUMBER>VALUE"
        const auto it = params.numbers().find(onlyWhen.substr(0, gt));
        return it == params.numbers().end() || it->second > std::stod(onlyWhen.substr(gt + 1));
    }
    const auto eq = onlyWhen.find('=');
    if (eq == std::string::npos)
        return true;
    const auto it = params.choices().find(onlyWhen.substr(0, eq));
    return it == params.choices().end() || it->second == onlyWhen.substr(eq + 1);
}

const Variant *Scenario::findVariant(std::string_view id) const
{
    for (const auto &v : variants)
        if (v.id == id)
            return &v;
    return nullptr;
}

namespace {
/// The text with each {parameter} replaced by its value (unknown names stay as written).
std::string withValues(const std::string &text, const Params &params)
{
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto close = text[i] == '{' ? text.find('}', i) : std::string::npos;
        if (close == std::string::npos) {
            out += text[i++];
            continue;
        }
        const std::string name = text.substr(i + 1, close - i - 1);
        if (const auto n = params.numbers().find(name); n != params.numbers().end()) {
            std::ostringstream value;
            value << n->second; // 100, 0.5, 2
            out += value.str();
        } else if (const auto c = params.choices().find(name); c != params.choices().end()) {
            out += c->second;
        } else {
            out += text.substr(i, close - i + 1);
        }
        i = close + 1;
    }
    return out;
}
} // namespace

std::string Question::ask(const Params &params) const { return withValues(text, params); }

std::string Question::explain(const Params &params) const { return withValues(why, params); }

bool Question::accepts(double answer, double truth) const
{
    return std::isfinite(answer) && std::abs(answer - truth) <= std::max(tolerance * std::abs(truth), slack) + 1e-9;
}

bool Scenario::isWorldTask(std::string_view taskName) const
{
    return taskName == "server" || std::find(worldTasks.begin(), worldTasks.end(), taskName) != worldTasks.end();
}

const Parameter *Scenario::findParameter(std::string_view id) const
{
    for (const auto &p : parameters)
        if (p.id == id)
            return &p;
    return nullptr;
}

const coro::MetricSpec *Scenario::findMetric(std::string_view id) const
{
    for (const auto &m : metrics)
        if (m.id == id)
            return &m;
    return standardMetric(id);
}

const coro::MetricSpec *standardMetric(std::string_view id)
{
    using coro::Better;
    using coro::Unit;
    static const std::vector<coro::MetricSpec> standard = {
        {"makespan_s", "makespan", Unit::Seconds, Better::Lower},
        {"completed", "completed", Unit::Count, Better::Higher, false, true},
        {"failed", "failed", Unit::Count, Better::Lower, false, true},
        {"cancelled", "cancelled", Unit::Count, Better::Lower, false, true},
        {"timed_out", "timed out", Unit::Count, Better::Lower, false, true},
        {"rejected", "refused by the breaker", Unit::Count, Better::None},
        {"rejected_429", "429 answers", Unit::Count, Better::Lower, false, true},
        {"service_calls", "service calls", Unit::Count, Better::Lower, false, true},
        {"retries", "retries", Unit::Count, Better::None, false, true},
        {"peak_in_flight", "peak in flight", Unit::Count, Better::None},
        {"latency_mean_s", "mean latency", Unit::Seconds, Better::Lower},
        {"latency_p50_s", "median latency", Unit::Seconds, Better::Lower},
        {"latency_p95_s", "p95 latency", Unit::Seconds, Better::Lower},
        {"latency_p99_s", "p99 latency", Unit::Seconds, Better::Lower},
        {"latency_max_s", "max latency", Unit::Seconds, Better::Lower},
        // The caller's wait for any answer, refusals and timeouts too (latency is of successes).
        {"answer_time_mean_s", "mean time to any answer", Unit::Seconds, Better::None},
        {"answer_time_p50_s", "median time to any answer", Unit::Seconds, Better::None},
        {"answer_time_p99_s", "p99 time to any answer", Unit::Seconds, Better::None},
        {"answer_time_max_s", "max time to any answer", Unit::Seconds, Better::None},
        {"throughput_per_s", "throughput", Unit::PerSecond, Better::Higher},
        {"max_loop_lag_s", "max loop lag", Unit::Seconds, Better::Lower},
        {"cost", "cost", Unit::Money, Better::Lower},
        {"events", "events simulated", Unit::Count, Better::None},
    };
    for (const auto &m : standard)
        if (m.id == id)
            return &m;
    return nullptr;
}

coro::MetricSpec metric(std::string_view standardId)
{
    const coro::MetricSpec *spec = standardMetric(standardId);
    if (!spec)
        throw std::logic_error("no standard metric " + std::string(standardId));
    return *spec;
}

coro::MetricSpec headline(std::string_view standardId) { return headline(metric(standardId)); }

coro::MetricSpec headline(coro::MetricSpec spec)
{
    spec.headline = true;
    return spec;
}

std::vector<Scenario::ShadedTime> Scenario::shadedTimes(const Params &params) const
{
    std::vector<ShadedTime> out;
    for (const auto &band : bands) {
        const Parameter *length = findParameter(band.lengthParameter);
        if (!length || !length->appliesTo(params))
            continue;
        const double from = band.startParameter.empty() ? 0 : params.number(band.startParameter);
        const double duration = params.number(band.lengthParameter);
        if (duration > 0)
            out.push_back({band.label, from, from + duration});
    }
    return out;
}

Params Scenario::defaults() const
{
    Params p;
    for (const auto &param : parameters) {
        if (const auto *range = std::get_if<NumericRange>(&param.kind))
            p.setNumber(param.id, range->defaultValue);
        else
            p.setChoice(param.id, std::get<Choices>(param.kind).defaultValue);
    }
    return p;
}

const Scenario *findScenario(std::string_view id)
{
    for (const auto &s : registry())
        if (s.id == id)
            return &s;
    return nullptr;
}

const Scenario *findScenario(std::string_view id, std::string *error)
{
    if (const Scenario *s = findScenario(id))
        return s;
    std::string ids;
    for (const auto &s : registry())
        ids += (ids.empty() ? "" : ", ") + s.id;
    *error = "unknown scenario '" + std::string(id) + "'; allowed: " + ids;
    return nullptr;
}

double NumericRange::nearestStep(double v) const
{
    if (step > 0) {
        char text[32];
        std::snprintf(text, sizeof text, "%.12g", min + std::round((v - min) / step) * step);
        v = std::strtod(text, nullptr);
    }
    return std::clamp(v, min, max);
}

bool Parameter::isWholeNumber() const
{
    const auto *range = std::get_if<NumericRange>(&kind);
    return range && range->step >= 1 && range->step == std::floor(range->step);
}

bool parseDecimal(std::string_view text, double *value)
{
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        return i - from;
    };
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
        ++i;
    std::size_t mantissa = digits();
    if (i < text.size() && text[i] == '.') {
        ++i;
        mantissa += digits();
    }
    if (mantissa == 0)
        return false;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (digits() == 0)
            return false;
    }
    if (i != text.size())
        return false;
    // The text is plain decimal: strtod reads it whole (a tiny one as a subnormal or 0).
    const std::string copy(text);
    *value = std::strtod(copy.c_str(), nullptr);
    return std::isfinite(*value);
}

std::string checkParams(const Scenario &scenario, const Params &params)
{
    return scenario.check ? scenario.check(params) : std::string();
}

namespace {
std::string formatNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.12g", v);
    return text;
}

std::string parameterIds(const Scenario &s)
{
    std::string ids;
    for (const auto &p : s.parameters)
        ids += (ids.empty() ? "" : ", ") + p.id;
    return ids.empty() ? "(none)" : ids;
}
} // namespace

bool applySetting(const Scenario &scenario, Params &params, const std::string &setting, std::string *error)
{
    const auto eq = setting.find('=');
    if (eq == std::string::npos || eq == 0) {
        *error = "--set expects KEY=VALUE, got '" + setting + "'";
        return false;
    }
    const std::string key = setting.substr(0, eq);
    const std::string value = setting.substr(eq + 1);
    const Parameter *param = scenario.findParameter(key);
    if (!param) {
        *error = "unknown parameter '" + key + "' for " + scenario.id + "; allowed: " + parameterIds(scenario);
        return false;
    }
    if (const auto *choices = std::get_if<Choices>(&param->kind)) {
        for (const auto &c : choices->choices)
            if (c == value) {
                params.setChoice(key, value);
                return true;
            }
        std::string allowed;
        for (const auto &c : choices->choices)
            allowed += (allowed.empty() ? "" : ", ") + c;
        *error = "parameter '" + key + "' must be one of: " + allowed + "; got '" + value + "'";
        return false;
    }
    const auto &range = std::get<NumericRange>(param->kind);
    const std::string allowed = formatNumber(range.min) + " to " + formatNumber(range.max) +
                                (param->unit.empty() ? "" : " " + param->unit);
    const char *what = param->isWholeNumber() ? "a whole number" : "a number";
    double v = 0;
    if (!parseDecimal(value, &v) || (param->isWholeNumber() && v != std::floor(v))) {
        *error = "parameter '" + key + "' needs " + what + " from " + allowed + "; got '" + value + "'";
        return false;
    }
    if (v < range.min || v > range.max) {
        *error = "parameter '" + key + "' is out of range: " + value + " (allowed " + allowed + ")";
        return false;
    }
    params.setNumber(key, v);
    return true;
}

} // namespace scenarios
