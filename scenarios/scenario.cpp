#include "scenario.h"

#include <cmath>
#include <sstream>

namespace scenarios {

const char *roleName(Role role)
{
    switch (role) {
    case Role::Bad: return "bad";
    case Role::Good: return "good";
    case Role::Neutral: return "neutral";
    }
    return "?";
}

const Variant *Scenario::findVariant(std::string_view id) const
{
    for (const auto &v : variants)
        if (v.id == id)
            return &v;
    return nullptr;
}

const Parameter *Scenario::findParameter(std::string_view id) const
{
    for (const auto &p : parameters)
        if (p.id == id)
            return &p;
    return nullptr;
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

namespace {
std::string formatNumber(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
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
    double v = 0;
    std::size_t used = 0;
    try {
        v = std::stod(value, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (value.empty() || used != value.size() || !std::isfinite(v)) {
        *error = "parameter '" + key + "' needs a number from " + allowed + "; got '" + value + "'";
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
