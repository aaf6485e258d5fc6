// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The scenario contract: what a practice declares (parameters, variants, the signals it
// charts) and the coroutine that runs one variant. The registry lists every scenario; the
// command line, the GUI and the tests read only the registry.
#pragma once

#include "engine/loop.h"
#include "engine/random.h"
#include "engine/spec.h"

#include <QJsonValue>

#include <qcoro/qcorotask.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace coro {
class Metrics;
}

namespace scenarios {

enum class Role { Bad, Good, Neutral };
const char *roleName(Role role);

class Params;

struct NumericRange {
    double min = 0;
    double max = 1;
    double defaultValue = 0;
    double step = 1;
    /// The value on the range's steps (min, min + step, ...) nearest v, inside the range, as a
    /// short decimal (0.3, not 0.30000000000000004); without a step, v kept inside the range.
    double nearestStep(double v) const;
};

struct Choices {
    std::vector<std::string> choices;
    std::string defaultValue;
};

struct Parameter {
    std::string id;
    std::string label;
    std::string unit; ///< empty for a choice or a plain count
    std::variant<NumericRange, Choices> kind;
    /// "CHOICE=VALUE" when the parameter matters only then (contention's message time only in
    /// the contention world), or "NUMBER>VALUE" (an outage's start only when it has a length);
    /// empty when it always does. The window hides it otherwise.
    std::string onlyWhen;
    bool isChoice() const { return std::holds_alternative<Choices>(kind); }
    /// A count: numeric, in whole steps (1, 10...). It takes no fractions, anywhere.
    bool isWholeNumber() const;
    /// Whether it matters under these values (see onlyWhen).
    bool appliesTo(const Params &params) const;
};

struct RunContext;

/// A line of the run's story, at a moment: "2.0 s: 199 callers gave up", "breaker opened".
/// kind: "state" (a primitive changed state: the breaker, the pool, the service) or "verdict"
/// (what the scenario says the moment shows).
struct Mark {
    double time_s = 0;
    std::string kind;
    std::string text;
};

/// A question the window asks before it shows the numbers (predict, then reveal): the learner
/// guesses one metric of one variant, and the run answers it.
struct Question {
    std::string text;    ///< may name parameters, which read as their values: "{requests} requests"
    std::string variant; ///< whose metric answers it
    std::string metric;  ///< which one (its unit is the answer's)
    double tolerance = 0.2; ///< an answer within this fraction of the truth is right...
    double slack = 0;       ///< ...or within this much of it (for answers near 0)
    /// Why the run gives what it gives, in a sentence or two that point at what to look at
    /// once it shows ("the loop-lag chart climbs to their sum"); may name parameters too.
    std::string why;
    /// The text with its parameters' values (unknown names stay as written).
    std::string ask(const Params &params) const;
    /// The why with its parameters' values.
    std::string explain(const Params &params) const;
    bool accepts(double answer, double truth) const;
};

struct Variant {
    std::string id;
    std::string label;
    Role role = Role::Neutral;
    /// The variant's own run, usually the scenario's shared coroutine bound to this variant's
    /// configuration; when empty, the scenario's run.
    std::function<QCoro::Task<void>(RunContext &)> run;
};

/// Parameter values, resolved and checked against the scenario's declaration.
class Params {
public:
    double number(const std::string &id) const { return numbers_.at(id); }
    int integer(const std::string &id) const { return int(numbers_.at(id)); }
    const std::string &choice(const std::string &id) const { return choices_.at(id); }
    const std::map<std::string, double> &numbers() const { return numbers_; }
    const std::map<std::string, std::string> &choices() const { return choices_; }
    void setNumber(const std::string &id, double v) { numbers_[id] = v; }
    void setChoice(const std::string &id, std::string v) { choices_[id] = std::move(v); }

private:
    std::map<std::string, double> numbers_;
    std::map<std::string, std::string> choices_;
};

/// What a variant's coroutine gets: the world's randomness, the parameters, which variant.
struct RunContext {
    coro::Loop &loop;
    coro::KeyedRandom random;
    const Params &params;
    const Variant &variant;
    /// Scenario-specific metrics, added to the engine's summary under these names.
    std::vector<std::pair<std::string, double>> extraMetrics;
    /// The run ends when the variant's coroutine returns, as a program ends when main() does:
    /// tasks still running are orphans, stopped without their cleanup.
    bool endWithMain = false;
    /// Metrics that are not one number (a list of breaker transitions, say).
    std::vector<std::pair<std::string, QJsonValue>> extraJson;

    /// Creates an object that lives until every task of the run has unwound (the run's world:
    /// services, semaphores, limiters). A local in the variant's coroutine would die with it
    /// while spawned tasks, or abandoned server work, still use it.
    template <typename T, typename... Args>
    T &make(Args &&...args)
    {
        auto object = std::make_shared<T>(std::forward<Args>(args)...);
        T &ref = *object;
        owned.push_back(std::move(object));
        return ref;
    }
    std::vector<std::shared_ptr<void>> owned;
};

/// The id of the Policy Lab's scenario (its pipelines as the variants, scenarios/lab.h).
inline constexpr const char *kLabId = "lab";

struct Scenario {
    std::string id;
    /// The Policy Lab, not one of the practices.
    bool isLab() const { return id == kLabId; }
    int practice = 0;
    std::string group; ///< foundations, concurrency control, resilience, AI-specific
    std::string title;
    std::string summary;
    std::vector<Parameter> parameters;
    std::vector<Variant> variants;
    /// What the summary, the metrics table and --list --json show, headline metrics first.
    /// A metric a run reports that is not declared here is described by standardMetric().
    std::vector<coro::MetricSpec> metrics;
    /// The gauges the GUI charts: one chart per signal in the comparison layout, one per unit
    /// in each Detail pane (a state signal gets its own).
    std::vector<coro::SignalSpec> chartSignals;
    /// A percentile plot of the successes' latency, every variant on one log scale, after the
    /// signals' charts: where the lesson is the tail (hedging, timeouts).
    bool percentileChart = false;
    /// Outage and hang windows, shaded on every chart and timeline.
    std::vector<coro::TimeBand> bands;
    /// Runs one variant to its end, as the loop's first task (for variants without their own).
    std::function<QCoro::Task<void>(RunContext &)> run;
    /// The scenario's verdicts on a finished run (marks of kind "verdict"), from its numbers and
    /// recorder; the primitives' state events are added to the story without it.
    struct Story {
        const Params &params;
        const Variant &variant;
        const coro::Metrics &metrics;
        const coro::Recorder &recorder;
        double number(const char *metric) const; ///< 0 when the run lacks it
    };
    std::function<std::vector<Mark>(const Story &)> narrate;
    /// Tasks of the simulated world rather than of the code the lesson shows: probes, chart
    /// samplers. The service's own "server" tasks always are; so is a wait on arrivals.
    std::vector<std::string> worldTasks;
    bool isWorldTask(std::string_view taskName) const;
    /// The code the Code tab shows for a variant under these values, when the scenario writes
    /// it itself (the Lab); empty: the resources' snippets (code/<scenario>/<variant>.py).
    std::function<std::string(int variant, const Params &params, bool python)> code;
    /// One to three questions whose answers the run gives (see Question).
    std::vector<Question> questions;
    /// What these values cannot be together, in one line naming the largest allowed value (a
    /// p99 that no log-normal with that mean has); empty when they can. Unset: anything goes.
    std::function<std::string(const Params &params)> check;

    const Variant *findVariant(std::string_view id) const;
    const Parameter *findParameter(std::string_view id) const;
    /// The scenario's own description of a metric, else the standard one, else nullptr.
    const coro::MetricSpec *findMetric(std::string_view id) const;
    Params defaults() const;
    /// The bands under these values, in seconds; a band whose length parameter does not apply
    /// (see Parameter::onlyWhen) or is 0 is left out.
    struct ShadedTime {
        std::string label;
        double from_s = 0, to_s = 0;
    };
    std::vector<ShadedTime> shadedTimes(const Params &params) const;
};

/// The metrics every run may report (makespan_s, completed, latency_p99_s...), described.
const coro::MetricSpec *standardMetric(std::string_view id);
/// Declaring a scenario's metrics: a standard one by id, as a headline or not; or a spec of
/// the scenario's own, marked as a headline.
coro::MetricSpec headline(std::string_view standardId);
coro::MetricSpec headline(coro::MetricSpec spec);
coro::MetricSpec metric(std::string_view standardId);

/// A variant's run: the scenario's shared coroutine, bound to what sets the variant apart.
template <typename Config>
std::function<QCoro::Task<void>(RunContext &)> bind(QCoro::Task<void> (*run)(RunContext &, Config), Config config)
{
    return [run, config](RunContext &ctx) { return run(ctx, config); };
}

/// Every scenario, in practice order.
const std::vector<Scenario> &registry();
const Scenario *findScenario(std::string_view id);
/// As above; when there is no such scenario, says so in one line with the allowed ids.
const Scenario *findScenario(std::string_view id, std::string *error);

/// Reads a decimal number as a person writes it: digits with an optional sign, point and
/// exponent ("12", "-0.5", "1e-3"). No spaces, no "0x", no "inf" or "nan".
bool parseDecimal(std::string_view text, double *value);

/// scenario.check's verdict on these values; empty when they go together.
std::string checkParams(const Scenario &scenario, const Params &params);

/// Applies KEY=VALUE settings to the defaults. On bad input returns false and says, in one
/// line, what was wrong and what is allowed.
bool applySetting(const Scenario &scenario, Params &params, const std::string &setting, std::string *error);

} // namespace scenarios
