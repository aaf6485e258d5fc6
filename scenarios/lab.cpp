// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Policy Lab (lab.h): the file format, its checks, and the pipelines' run.
#include "lab.h"

#include "common.h"
#include "runner.h"
#include "strict_json.h"

#include "engine/resilience/adaptive_limiter.h"
#include "engine/resilience/circuit_breaker.h"
#include "engine/resilience/concurrency_limiter.h"
#include "engine/resilience/fallback.h"
#include "engine/resilience/hedge.h"
#include "engine/resilience/retry.h"
#include "engine/resilience/retry_budget.h"
#include "engine/resilience/token_bucket.h"
#include "engine/output_file.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

// The lab's own lesson signals (sampleLoad), and the world task that samples them.
constexpr const char *kOfferedLoad = "load.offered_per_s";
constexpr const char *kCallsIntoOutage = "load.calls_into_outage";
constexpr const char *kCallsPerRequest = "load.calls_per_request";
constexpr const char *kLittlesLawLimit = "limit.littles_law";
constexpr const char *kLoadSampler = "load sampler";

Parameter number(const char *id, const char *label, const char *unit, double min, double max, double value, double step)
{
    return {id, label, unit, NumericRange{min, max, value, step}};
}
Parameter choice(const char *id, const char *label, std::vector<std::string> choices)
{
    std::string first = choices.front();
    return {id, label, "", Choices{std::move(choices), std::move(first)}};
}

struct KindInfo {
    std::string kind;
    std::string summary;
    std::vector<Parameter> settings;
};

const std::vector<KindInfo> &kinds()
{
    static const std::vector<KindInfo> list = {
        {"timeout", "gives up on what is inside it after timeout_s",
         {number("timeout_s", "Timeout", "s", 0.001, 600, 1, 0.01)}},
        {"retry", "tries again after a backoff when what is inside fails with a 429, a 5xx or a timeout",
         {number("max_attempts", "Attempts (with the first)", "", 1, 100, 3, 1),
          number("base_ms", "Backoff base", "ms", 0, 60'000, 100, 1),
          number("cap_s", "Backoff cap", "s", 0, 600, 10, 0.1),
          choice("jitter", "Jitter", {"full", "none", "equal", "decorrelated"}),
          number("budget_ratio", "Retry budget: tokens a success earns (0: no budget)", "", 0, 10, 0, 0.01)}},
        {"circuit_breaker", "refuses calls at once after failure_threshold failures in a row, for recovery_s; then lets probes through",
         {number("failure_threshold", "Failures in a row to open", "", 1, 1000, 5, 1),
          number("recovery_s", "Open for", "s", 0.01, 600, 1, 0.05),
          number("probes", "Half-open probes", "", 1, 100, 1, 1)}},
        {"bulkhead", "lets max_concurrent calls in at once; max_queue more wait; the rest are refused",
         {number("max_concurrent", "Calls at once", "", 1, 100'000, 10, 1),
          number("max_queue", "Waiting at most", "", 0, 1'000'000, 0, 1)}},
        {"rate_limiter", "a token bucket: calls wait for a token (rate a second, burst at once)",
         {number("rate", "Rate", "/s", 0.01, 1'000'000, 10, 1), number("burst", "Burst", "", 1, 1'000'000, 10, 1)}},
        {"hedge", "sends another attempt after delay_ms without an answer, up to max_hedges more; the first answer wins",
         {number("delay_ms", "Hedge after", "ms", 0, 60'000, 100, 1), number("max_hedges", "Extra attempts", "", 1, 10, 1, 1)}},
        {"adaptive_limit", "a concurrency limit that follows the service: AIMD or gradient; refuses calls over it",
         {choice("algorithm", "Algorithm", {"aimd", "gradient"}), number("initial", "Initial limit", "", 1, 10'000, 10, 1),
          number("min", "Lowest limit", "", 1, 10'000, 1, 1), number("max", "Highest limit", "", 1, 10'000, 200, 1)}},
        {"fallback", "answers with a default when what is inside fails", {}},
    };
    return list;
}

const KindInfo *findKind(const std::string &kind)
{
    for (const auto &k : kinds())
        if (k.kind == kind)
            return &k;
    return nullptr;
}

// What a message says of a number: "3", "0.25".
std::string numberText(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// Something the file wrote, as a message quotes it: on one line, control characters escaped as
// JSON escapes them, and cut after 40 characters.
std::string printable(const std::string &text)
{
    std::string out;
    for (char c : text.substr(0, 40)) {
        if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, c == '\n' ? "\\n" : "\\u%04x", unsigned(c));
            out += escaped;
        } else {
            out += c;
        }
    }
    return text.size() > 40 ? out + "…" : out;
}

std::string joined(const std::vector<std::string> &items)
{
    std::string s;
    for (const auto &i : items)
        s += (s.empty() ? "" : ", ") + i;
    return s;
}

// Reads the members of `object` declared in `settings` into numbers and choices, defaults
// first; anything else, or out of range, is an error at `path`.
bool readSettings(const QJsonObject &object, const std::vector<Parameter> &settings, const std::string &path,
                  const std::vector<std::string> &alsoAllowed, std::map<std::string, double> &numbers,
                  std::map<std::string, std::string> &choices, std::string *error)
{
    for (const auto &p : settings) {
        if (const auto *r = std::get_if<NumericRange>(&p.kind))
            numbers[p.id] = r->defaultValue;
        else
            choices[p.id] = std::get<Choices>(p.kind).defaultValue;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        const std::string key = it.key().toStdString();
        const std::string where = path + (path.empty() ? "" : ".") + printable(key);
        if (std::find(alsoAllowed.begin(), alsoAllowed.end(), key) != alsoAllowed.end())
            continue;
        const auto p = std::find_if(settings.begin(), settings.end(), [&](const Parameter &s) { return s.id == key; });
        if (p == settings.end()) {
            std::vector<std::string> allowed = alsoAllowed;
            for (const auto &s : settings)
                allowed.push_back(s.id);
            *error = where + ": unknown setting; allowed: " + (allowed.empty() ? "none" : joined(allowed));
            return false;
        }
        if (const auto *r = std::get_if<NumericRange>(&p->kind)) {
            if (!it.value().isDouble()) {
                *error = where + ": must be a number from " + numberText(r->min) + " to " + numberText(r->max) + "; got " +
                         jsonTypeName(it.value());
                return false;
            }
            const double v = it.value().toDouble();
            if (!(v >= r->min && v <= r->max)) {
                *error = where + ": " + numberText(v) + " is out of range; allowed: " + numberText(r->min) + " to " + numberText(r->max);
                return false;
            }
            if (r->step >= 1 && v != std::floor(v)) {
                *error = where + ": must be a whole number; got " + numberText(v);
                return false;
            }
            numbers[key] = v;
        } else {
            const auto &c = std::get<Choices>(p->kind).choices;
            const std::string v = it.value().toString().toStdString();
            if (!it.value().isString() || std::find(c.begin(), c.end(), v) == c.end()) {
                *error = where + ": " +
                         (it.value().isString() ? "unknown \"" + printable(v) + "\""
                                                : "must be a string; got " + std::string(jsonTypeName(it.value()))) +
                         "; allowed: " + joined(c);
                return false;
            }
            choices[key] = v;
        }
    }
    return true;
}


// The metrics a lab can report, as the metrics table and the summary name them.
std::vector<MetricSpec> labMetrics()
{
    return {
        metric("completed"),
        metric("latency_p99_s"),
        {.id = "service_calls", .label = "service calls", .unit = Unit::Count, .better = Better::Lower, .absentMeansZero = true},
        {.id = "calls_during_outage", .label = "calls into the outage", .better = Better::Lower},
        {.id = "retry_amplification", .label = "service calls per request", .better = Better::Lower},
        {.id = "hedged_calls", .label = "hedged calls"},
        {.id = "fallbacks", .label = "answered by the fallback"},
        {.id = "rejected", .label = "refused by the breaker or a limit"},
        {.id = "limit", .label = "adaptive limit (time average)"},
        {.id = "retries_refused", .label = "retries the budget refused"},
        metric("failed"),
        metric("timed_out"),
        metric("retries"),
        metric("latency_p50_s"),
        metric("latency_p95_s"),
        metric("latency_mean_s"),
        metric("latency_max_s"),
        metric("makespan_s"),
        metric("peak_in_flight"),
    };
}

bool knownMetric(const std::string &id)
{
    const auto all = labMetrics();
    return std::any_of(all.begin(), all.end(), [&](const MetricSpec &m) { return m.id == id; });
}

// ---- The run ----

enum class Kind { Timeout, Retry, Breaker, Bulkhead, RateLimiter, Hedge, Adaptive, Fallback };

Kind kindOf(const std::string &kind)
{
    static const std::map<std::string, Kind> map = {
        {"timeout", Kind::Timeout}, {"retry", Kind::Retry}, {"circuit_breaker", Kind::Breaker},
        {"bulkhead", Kind::Bulkhead}, {"rate_limiter", Kind::RateLimiter}, {"hedge", Kind::Hedge},
        {"adaptive_limit", Kind::Adaptive}, {"fallback", Kind::Fallback}};
    return map.at(kind);
}

// A layer, built for one run: its policy, or the primitive that keeps state across requests.
struct Stage {
    Kind kind{};
    Duration timeout{};
    RetryPolicy retry;
    HedgePolicy hedge;
    std::unique_ptr<RetryBudget> budget;
    std::unique_ptr<CircuitBreaker> breaker;
    std::unique_ptr<ConcurrencyLimiter> bulkhead;
    std::unique_ptr<TokenBucket> bucket;
    std::unique_ptr<AdaptiveLimiter> limiter;
};

struct LabWorld {
    LabWorld(const KeyedRandom &random, ServiceConfig config) : random(random), service(random, std::move(config)) {}
    KeyedRandom random;
    Service service;
    std::vector<Stage> stages;
    Outstanding outstanding;
    std::uint64_t issued = 0; ///< requests that have arrived so far
};

// The lab's lesson charts, sampled every 100 ms by a task of the world (not of the pipeline's
// code) while requests come and go: the load offered (arrivals in the last second), the calls
// sent into the outage so far, the service calls per request so far, and, where a pipeline
// has an adaptive limit, the limit Little's law gives: the server's throughput (capacity over
// its mean latency) times the time a call may wait there (the timeout inside the limit).
QCoro::Task<void> sampleLoad(LabWorld &w, const Params &p, Duration waitAllowed)
{
    Recorder &rec = Loop::running().recorder();
    const int offered = rec.gauge(kOfferedLoad), perRequest = rec.gauge(kCallsPerRequest);
    const int intoOutage = p.number("outage_s") > 0 ? rec.gauge(kCallsIntoOutage) : -1;
    const int little = waitAllowed > Duration{0} ? rec.gauge(kLittlesLawLimit) : -1;
    const double latency = p.number("latency_ms") / 1000;
    const Time change = fromSeconds(p.number("capacity_change_s"));
    std::array<std::uint64_t, 10> lastSecond{}; // the arrivals counted at each of the last 10 samples
    for (std::uint64_t k = 0;; ++k) {
        const std::uint64_t oldest = lastSecond[k % lastSecond.size()];
        lastSecond[k % lastSecond.size()] = w.issued;
        const double window = std::min(1.0, 0.1 * double(k + 1));
        rec.set(offered, now(), double(w.issued - oldest) / window);
        if (w.issued > 0)
            rec.set(perRequest, now(), double(w.service.calls()) / double(w.issued));
        if (intoOutage >= 0)
            rec.set(intoOutage, now(), rec.counterValue("service.outage_calls"));
        if (little >= 0) {
            const double capacity = change > Duration{0} && now() >= change ? p.number("capacity_after") : p.number("capacity");
            rec.set(little, now(), capacity > 0 ? capacity / latency * toSeconds(waitAllowed) : 0);
        }
        co_await sleep(100ms);
    }
}

// One request's way through the layers: the attempts it has made so far, which key the
// service's draws (so a retry or a hedge meets a fresh latency, the same in every pipeline).
struct Call {
    std::uint64_t item = 0;
    std::uint32_t attempts = 0;
    bool answered = false;
};

QCoro::Task<void> through(LabWorld &w, std::size_t layer, Call &call)
{
    if (layer == w.stages.size()) {
        co_await w.service.call(call.item, call.attempts++);
        call.answered = true;
        co_return;
    }
    Stage &s = w.stages[layer];
    auto inner = [&w, layer, &call] { return through(w, layer + 1, call); };
    switch (s.kind) {
    case Kind::Timeout:
        co_await timeout(s.timeout, inner());
        break;
    case Kind::Retry:
        co_await retry(s.retry, w.random, {JitterStream + layer, call.item}, [&](int) { return inner(); });
        break;
    case Kind::Breaker:
        co_await s.breaker->call(inner);
        break;
    case Kind::Bulkhead: {
        const Permit permit = co_await s.bulkhead->acquire();
        co_await inner();
        break;
    }
    case Kind::RateLimiter:
        co_await s.bucket->acquire();
        co_await inner();
        break;
    case Kind::Hedge:
        co_await coro::hedge(s.hedge, [&](int) { return inner(); });
        break;
    case Kind::Adaptive:
        co_await s.limiter->call(inner);
        break;
    case Kind::Fallback:
        call.answered = false;
        co_await withFallback(inner);
        break;
    }
}

QCoro::Task<void> request(LabWorld &w, std::uint64_t item)
{
    const Time start = now();
    issue();
    Call call{item};
    try {
        co_await through(w, 0, call);
        if (call.answered)
            count("completed");
        answer(call.answered ? Answer::Ok : Answer::Fallback, start);
    } catch (const BreakerOpen &) {
        settle("rejected", TaskOutcome::Refused);
        answer(Answer::Refused, start);
    } catch (const LimiterRejected &) {
        settle("rejected", TaskOutcome::Refused);
        answer(Answer::Refused, start);
    } catch (const TimeoutError &) {
        settle("timed_out", TaskOutcome::TimedOut);
        answer(Answer::TimedOut, start);
    } catch (const ServiceError &) {
        settle("failed", TaskOutcome::Failed);
        answer(Answer::Failed, start);
    }
    w.outstanding.done();
}

// Instrument names: "breaker", "limit"... and "breaker2" for a pipeline's second breaker.
std::string instrumentName(std::map<std::string, int> &seen, const std::string &base)
{
    const int n = ++seen[base];
    return n == 1 ? base : base + std::to_string(n);
}

Stage buildStage(const LabLayer &layer, std::map<std::string, int> &seen)
{
    Stage s;
    s.kind = kindOf(layer.kind);
    const auto n = [&](const char *id) { return layer.numbers.at(id); };
    switch (s.kind) {
    case Kind::Timeout:
        s.timeout = fromSeconds(n("timeout_s"));
        break;
    case Kind::Retry: {
        s.retry.maxAttempts = int(n("max_attempts"));
        s.retry.base = fromSeconds(n("base_ms") / 1000);
        s.retry.cap = fromSeconds(n("cap_s"));
        const std::string &j = layer.choices.at("jitter");
        s.retry.jitter = j == "none" ? Jitter::None : j == "equal" ? Jitter::Equal : j == "decorrelated" ? Jitter::Decorrelated : Jitter::Full;
        if (n("budget_ratio") > 0) {
            s.budget = std::make_unique<RetryBudget>(RetryBudgetConfig{.ratio = n("budget_ratio"), .initial = RetryBudgetReserve, .name = instrumentName(seen, "retry_budget")});
            s.retry.budget = s.budget.get();
        }
        break;
    }
    case Kind::Breaker:
        s.breaker = std::make_unique<CircuitBreaker>(CircuitBreakerConfig{.failureThreshold = int(n("failure_threshold")),
                                                                          .openDuration = fromSeconds(n("recovery_s")),
                                                                          .halfOpenCalls = int(n("probes")),
                                                                          .name = instrumentName(seen, "breaker")});
        break;
    case Kind::Bulkhead:
        s.bulkhead = std::make_unique<ConcurrencyLimiter>(ConcurrencyLimiterConfig{.maxConcurrent = int(n("max_concurrent")),
                                                                                   .maxQueue = int(n("max_queue")),
                                                                                   .name = instrumentName(seen, "bulkhead")});
        break;
    case Kind::RateLimiter:
        s.bucket = std::make_unique<TokenBucket>(TokenBucketConfig{.ratePerSecond = n("rate"), .capacity = n("burst"),
                                                                   .name = instrumentName(seen, "bucket")});
        break;
    case Kind::Hedge:
        s.hedge = {.delay = fromSeconds(n("delay_ms") / 1000), .maxHedges = int(n("max_hedges"))};
        break;
    case Kind::Adaptive: {
        const double low = n("min"), high = std::max(n("max"), low);
        s.limiter = std::make_unique<AdaptiveLimiter>(AdaptiveLimitConfig{
            .algorithm = layer.choices.at("algorithm") == "gradient" ? LimitAlgorithm::Gradient : LimitAlgorithm::Aimd,
            .initial = std::clamp(n("initial"), low, high),
            .min = low,
            .max = high,
            .name = instrumentName(seen, "limit")});
        break;
    }
    case Kind::Fallback:
        break;
    }
    return s;
}

ServiceConfig serviceConfig(const Params &p)
{
    ServiceConfig c;
    c.stream = ServiceStream;
    const Duration mean = fromSeconds(p.number("latency_ms") / 1000);
    const Duration p99 = fromSeconds(p.number("latency_p99_ms") / 1000);
    c.latency = p99 > mean ? Distribution::logNormal(mean, p99) : Distribution::fixed(mean);
    c.failureProbability = p.number("failure_rate");
    if (p.number("outage_s") > 0) {
        const Time start = fromSeconds(p.number("outage_start_s"));
        c.outages = {{start, start + fromSeconds(p.number("outage_s")),
                      p.choice("outage_mode") == "hang" ? OutageMode::Hang : OutageMode::FailFast}};
    }
    c.capacity = p.integer("capacity");
    if (p.number("capacity_change_s") > 0) {
        c.capacityAfter = p.integer("capacity_after");
        c.capacityChangeAt = fromSeconds(p.number("capacity_change_s"));
    }
    if (p.number("quota_rate_per_s") > 0) {
        c.quotaRatePerSecond = p.number("quota_rate_per_s");
        c.quotaBurst = std::max(1.0, c.quotaRatePerSecond / 10);
    }
    c.costPerCall = 1;
    return c;
}

QCoro::Task<void> runPipeline(RunContext &ctx, std::shared_ptr<const LabPipeline> pipeline)
{
    const Params &p = ctx.params;
    LabWorld &w = ctx.make<LabWorld>(ctx.random, serviceConfig(p));
    std::map<std::string, int> seen;
    for (const auto &layer : pipeline->layers)
        w.stages.push_back(buildStage(layer, seen));

    // The wait Little's law allows a call behind an adaptive limit: the first timeout inside it.
    Duration waitAllowed{0};
    for (std::size_t i = 0; i < w.stages.size() && waitAllowed == Duration{0}; ++i)
        if (w.stages[i].kind == Kind::Adaptive)
            for (std::size_t j = i + 1; j < w.stages.size(); ++j)
                if (w.stages[j].kind == Kind::Timeout) {
                    waitAllowed = w.stages[j].timeout;
                    break;
                }
    TaskHandle<void> sampler = spawn(kLoadSampler, [&w, &p, waitAllowed] { return sampleLoad(w, p, waitAllowed); });
    const auto requests = std::uint64_t(p.integer("requests"));
    co_await arriveAll(ctx, w.outstanding, requests, [&w](std::uint64_t i) {
        ++w.issued;
        spawn({"request", std::int64_t(i)}, [&w, i] { return request(w, i); });
    });
    co_await w.outstanding.wait();
    sampler.cancel(); // ends now: the run's end is the last answer's, not the next sample's

    const Recorder &rec = ctx.loop.recorder();
    if (p.number("outage_s") > 0)
        ctx.extraMetrics.push_back({"calls_during_outage", rec.counterValue("service.outage_calls")});
    ctx.extraMetrics.push_back({"retry_amplification", double(w.service.calls()) / double(requests)});
    // The layers' own counts, 0 included, for the pipelines that have such a layer (absent,
    // not 0, for the others: a pipeline without a hedge has no hedged calls to count).
    const auto has = [&](Kind kind) { return std::any_of(w.stages.begin(), w.stages.end(), [kind](const Stage &s) { return s.kind == kind; }); };
    if (has(Kind::Hedge))
        ctx.extraMetrics.push_back({"hedged_calls", rec.counterValue("hedged_calls")});
    if (has(Kind::Fallback))
        ctx.extraMetrics.push_back({"fallbacks", rec.counterValue("fallbacks")});
    if (has(Kind::Breaker) || has(Kind::Bulkhead) || has(Kind::Adaptive))
        ctx.extraMetrics.push_back({"rejected", rec.counterValue("rejected")});
    double refusedRetries = 0;
    bool hasBudget = false, hasLimit = false;
    for (const Stage &s : w.stages) {
        if (s.budget) {
            hasBudget = true;
            refusedRetries += double(s.budget->refused());
        }
        if (s.limiter && !hasLimit) {
            hasLimit = true;
            ctx.extraMetrics.push_back({"limit", s.limiter->meanLimit(ctx.loop.now())});
        }
    }
    if (hasBudget)
        ctx.extraMetrics.push_back({"retries_refused", refusedRetries});
}

bool hasKind(const Lab &lab, const char *kind)
{
    for (const auto &pl : lab.pipelines)
        for (const auto &l : pl.layers)
            if (l.kind == kind)
                return true;
    return false;
}

SignalSpec labChart(const std::string &name)
{
    if (name == "offered_load")
        return {.id = kOfferedLoad, .label = "offered load (arrivals in the last second)", .unit = Unit::PerSecond};
    if (name == "calls_into_outage")
        return {.id = kCallsIntoOutage, .label = "calls into the outage, so far"};
    if (name == "calls_per_request")
        return {.id = kCallsPerRequest, .label = "service calls per request, so far", .unit = Unit::Ratio};
    if (name == "adaptive_limit") {
        SignalSpec limit = adaptiveLimitSignal("limit");
        limit.references.push_back({.label = "Little's law: capacity ÷ latency × timeout", .gauge = kLittlesLawLimit});
        return limit;
    }
    if (name == "server_capacity")
        return serviceCapacitySignal("service");
    if (name == "breaker_state")
        return breakerStateSignal("breaker");
    if (name == "retry_budget")
        return retryBudgetSignal("retry_budget");
    return serviceInFlightSignal("service");
}

// The one world setting that goes with another: a p99 no log-normal with that mean has is
// refused (a p99 at or below the mean means no tail), for a file as for the sliders.
std::string checkLabWorld(const Params &world) { return checkTail(world, "latency_ms", "latency_p99_ms", true); }

const char *roleText(Role role)
{
    return role == Role::Bad ? "bad" : role == Role::Good ? "good" : "neutral";
}

} // namespace

const std::vector<std::string> &labChartNames()
{
    static const std::vector<std::string> names = {"latency_percentiles", "offered_load",     "calls_into_outage",
                                                   "calls_per_request",   "adaptive_limit",   "server_in_flight",
                                                   "server_capacity",     "breaker_state",    "retry_budget"};
    return names;
}

std::string pipelineId(const std::string &name)
{
    // ASCII letters and digits in lower case, every other ASCII character a separator, and
    // what is beyond ASCII kept as written (in lower case): "Retry, inside!" is
    // "retry-inside", "ÄÖÜ" is "äöü", "😀" stays "😀".
    std::string s;
    // Beyond ASCII, what is invisible (controls, format characters such as zero-width or bidi
    // marks, spaces such as NBSP) separates too, so two names that look alike get one id.
    const auto invisible = [](char32_t c) {
        switch (QChar::category(c)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Space:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph: return true;
        default: return false;
        }
    };
    for (const char32_t c : QString::fromStdString(name).toLower().toUcs4()) {
        if ((c >= 0x80 && !invisible(c)) || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            s += QString::fromUcs4(&c, 1).toStdString();
        else if (!s.empty() && s.back() != '-')
            s += '-';
    }
    while (!s.empty() && s.back() == '-')
        s.pop_back();
    return s.empty() ? "pipeline" : s;
}

const std::vector<std::string> &labLayerKinds()
{
    static const std::vector<std::string> list = [] {
        std::vector<std::string> l;
        for (const auto &k : kinds())
            l.push_back(k.kind);
        return l;
    }();
    return list;
}

std::string labLayerSummary(const std::string &kind)
{
    const KindInfo *k = findKind(kind);
    return k ? k->summary : std::string();
}

const std::vector<Parameter> &labLayerSettings(const std::string &kind)
{
    static const std::vector<Parameter> none;
    const KindInfo *k = findKind(kind);
    return k ? k->settings : none;
}

LabLayer defaultLayer(const std::string &kind)
{
    LabLayer layer;
    layer.kind = kind;
    std::string ignored;
    readSettings({}, labLayerSettings(kind), "", {}, layer.numbers, layer.choices, &ignored);
    return layer;
}

const std::vector<Parameter> &labWorldSettings()
{
    static const std::vector<Parameter> list = {
        number("latency_ms", "Mean response time", "ms", 1, 10'000, 100, 1),
        number("latency_p99_ms", "p99 response time (≤ mean: no tail)", "ms", 0, 100'000, 400, 1),
        number("failure_rate", "Share of calls failing (HTTP 500)", "", 0, 1, 0, 0.01),
        number("outage_start_s", "Outage starts at", "s", 0, 600, 2, 0.1),
        number("outage_s", "Outage length (0: none)", "s", 0, 600, 0, 0.1),
        choice("outage_mode", "During the outage the service", {"failfast", "hang"}),
        number("capacity", "Server capacity (0: unlimited)", "", 0, 10'000, 0, 1),
        number("capacity_after", "Capacity after the change (0: unlimited)", "", 0, 10'000, 0, 1),
        number("capacity_change_s", "Capacity changes at (0: never)", "s", 0, 600, 0, 0.1),
        number("quota_rate_per_s", "Server quota (0: none)", "/s", 0, 100'000, 0, 1),
    };
    return list;
}

const std::vector<Parameter> &labLoadSettings()
{
    static const std::vector<Parameter> list = {
        number("requests", "Requests", "", 1, 100'000, 600, 1),
        choice("arrival", "Arrivals", {"poisson", "burst"}),
        number("arrival_rate", "Arrival rate", "/s", 0.1, 100'000, 50, 0.1),
    };
    return list;
}

std::string describeLayer(const LabLayer &layer)
{
    const auto n = [&](const char *id) { return numberText(layer.numbers.at(id)); };
    switch (kindOf(layer.kind)) {
    case Kind::Timeout: return "timeout " + n("timeout_s") + " s";
    case Kind::Retry: {
        std::string s = "retry, " + n("max_attempts") + " attempts, " + layer.choices.at("jitter") + " jitter";
        if (layer.numbers.at("budget_ratio") > 0)
            s += ", budget " + n("budget_ratio");
        return s;
    }
    case Kind::Breaker: return "breaker after " + n("failure_threshold") + ", open " + n("recovery_s") + " s";
    case Kind::Bulkhead:
        return "bulkhead " + n("max_concurrent") + " + " +
               (layer.numbers.at("max_queue") >= 10'000 ? std::string("a queue") : n("max_queue") + " waiting");
    case Kind::RateLimiter: return "rate limit " + n("rate") + "/s";
    case Kind::Hedge:
        return "hedge after " + n("delay_ms") + " ms, " + n("max_hedges") + " more";
    case Kind::Adaptive: return layer.choices.at("algorithm") + " limit " + n("min") + "–" + n("max");
    case Kind::Fallback: return "fallback";
    }
    return layer.kind;
}

bool parseLab(const QByteArray &json, Lab *lab, std::string *error)
{
    QJsonDocument doc;
    if (!parseStrictJson(json, &doc, error))
        return false;
    if (!doc.isObject()) {
        *error = "a lab is a JSON object: {\"title\", \"world\", \"load\", \"pipelines\"}";
        return false;
    }
    const QJsonObject root = doc.object();
    Lab out;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string key = it.key().toStdString();
        static const std::vector<std::string> allowed = {"title", "lesson", "world", "load", "pipelines", "headlines", "charts"};
        if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
            *error = printable(key) + ": unknown member; allowed: " + joined(allowed);
            return false;
        }
        if ((key == "title" || key == "lesson") && !it.value().isString()) {
            *error = key + ": must be a string; got " + jsonTypeName(it.value());
            return false;
        }
        if ((key == "world" || key == "load") && !it.value().isObject()) {
            *error = key + ": must be an object; got " + jsonTypeName(it.value());
            return false;
        }
    }
    if (root.contains("title"))
        out.title = root.value("title").toString().toStdString();
    out.lesson = root.value("lesson").toString().toStdString();
    std::map<std::string, double> numbers;
    std::map<std::string, std::string> choices;
    if (!readSettings(root.value("world").toObject(), labWorldSettings(), "world", {}, numbers, choices, error) ||
        !readSettings(root.value("load").toObject(), labLoadSettings(), "load", {}, numbers, choices, error))
        return false;
    for (const auto &[k, v] : numbers)
        out.setting.setNumber(k, v);
    for (const auto &[k, v] : choices)
        out.setting.setChoice(k, v);
    if (const std::string tail = checkLabWorld(out.setting); !tail.empty()) {
        *error = "world." + tail;
        return false;
    }

    if (root.contains("headlines")) {
        if (!root.value("headlines").isArray()) {
            *error = "headlines: must be a list of metric names; got " + std::string(jsonTypeName(root.value("headlines")));
            return false;
        }
        const QJsonArray list = root.value("headlines").toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const std::string id = list[i].toString().toStdString();
            if (!list[i].isString() || !knownMetric(id)) {
                std::vector<std::string> known;
                for (const auto &m : labMetrics())
                    known.push_back(m.id);
                *error = "headlines[" + std::to_string(i) + "]: " +
                         (list[i].isString() ? "unknown metric \"" + printable(id) + "\""
                                             : "must be a metric name (a string); got " + std::string(jsonTypeName(list[i]))) +
                         "; allowed: " + joined(known);
                return false;
            }
            out.headlines.push_back(id);
        }
    }

    if (root.contains("charts")) {
        const QJsonValue charts = root.value("charts");
        const auto &names = labChartNames();
        if (!charts.isArray()) {
            *error = "charts: must be a list of chart names; got " + std::string(jsonTypeName(charts)) + "; allowed: " + joined(names);
            return false;
        }
        const QJsonArray list = charts.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const std::string id = list[i].toString().toStdString();
            if (!list[i].isString() || std::find(names.begin(), names.end(), id) == names.end()) {
                *error = "charts[" + std::to_string(i) + "]: " +
                         (list[i].isString() ? "unknown chart \"" + printable(id) + "\""
                                             : "must be a chart name (a string); got " + std::string(jsonTypeName(list[i]))) +
                         "; allowed: " + joined(names);
                return false;
            }
            out.charts.push_back(id);
        }
    }

    const QJsonValue pipelines = root.value("pipelines");
    if (!pipelines.isArray() || pipelines.toArray().isEmpty() || std::size_t(pipelines.toArray().size()) > kMaxPipelines) {
        *error = "pipelines: must be a list of 1 to " + std::to_string(kMaxPipelines) + " pipelines";
        return false;
    }
    const QJsonArray list = pipelines.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string path = "pipelines[" + std::to_string(i) + "]";
        if (!list[i].isObject()) {
            *error = path + ": must be an object: {\"name\", \"layers\"}; got " + jsonTypeName(list[i]);
            return false;
        }
        const QJsonObject po = list[i].toObject();
        LabPipeline pipeline;
        for (auto it = po.begin(); it != po.end(); ++it) {
            const std::string key = it.key().toStdString();
            if (key != "name" && key != "layers" && key != "role") {
                *error = path + "." + printable(key) + ": unknown member; allowed: name, role, layers";
                return false;
            }
        }
        if (po.contains("name") && (!po.value("name").isString() || po.value("name").toString().trimmed().isEmpty())) {
            *error = path + ".name: must be a non-empty string; got " +
                     (po.value("name").isString() ? std::string("an empty one") : jsonTypeName(po.value("name")));
            return false;
        }
        pipeline.name = po.contains("name") ? po.value("name").toString().trimmed().toStdString() : "pipeline " + std::to_string(i + 1);
        for (const auto &earlier : out.pipelines)
            if (pipelineId(earlier.name) == pipelineId(pipeline.name)) {
                *error = path + ".name: \"" + printable(pipeline.name) + "\" is already the name of another pipeline";
                return false;
            }
        if (po.contains("role")) {
            const QString role = po.value("role").toString();
            if (!po.value("role").isString()) {
                *error = path + ".role: must be a string (bad, good or neutral); got " + jsonTypeName(po.value("role"));
                return false;
            }
            if (role == QLatin1String("bad"))
                pipeline.role = Role::Bad;
            else if (role == QLatin1String("good"))
                pipeline.role = Role::Good;
            else if (role != QLatin1String("neutral")) {
                *error = path + ".role: unknown \"" + printable(role.toStdString()) + "\"; allowed: bad, good, neutral";
                return false;
            }
        }
        const QJsonValue layers = po.value("layers");
        if (!layers.isArray()) {
            *error = path + ".layers: must be a list of layers, outermost first (it may be empty: the bare call); got " +
                     jsonTypeName(layers);
            return false;
        }
        const QJsonArray ll = layers.toArray();
        if (ll.size() > 16) {
            *error = path + ".layers: at most 16 layers";
            return false;
        }
        for (qsizetype j = 0; j < ll.size(); ++j) {
            const std::string lpath = path + ".layers[" + std::to_string(j) + "]";
            if (!ll[j].isObject()) {
                *error = lpath + ": must be an object: {\"kind\", settings...}; got " + jsonTypeName(ll[j]);
                return false;
            }
            const QJsonObject lo = ll[j].toObject();
            const std::string kind = lo.value("kind").toString().toStdString();
            const KindInfo *info = findKind(kind);
            if (!info) {
                *error = lpath + ".kind: " +
                         (!lo.contains("kind")            ? std::string("missing")
                          : !lo.value("kind").isString() ? "must be a string; got " + std::string(jsonTypeName(lo.value("kind")))
                                                          : "unknown \"" + printable(kind) + "\"") +
                         "; allowed: " + joined(labLayerKinds());
                return false;
            }
            LabLayer layer;
            layer.kind = kind;
            if (!readSettings(lo, info->settings, lpath, {"kind"}, layer.numbers, layer.choices, error))
                return false;
            if (kind == "adaptive_limit" && layer.numbers["min"] > layer.numbers["max"]) {
                *error = lpath + ".min: " + numberText(layer.numbers["min"]) + " is above max (" + numberText(layer.numbers["max"]) + ")";
                return false;
            }
            pipeline.layers.push_back(std::move(layer));
        }
        out.pipelines.push_back(std::move(pipeline));
    }
    *lab = std::move(out);
    return true;
}

QJsonObject labJson(const Lab &lab)
{
    const auto settings = [&](const std::vector<Parameter> &declared) {
        QJsonObject o;
        for (const auto &p : declared) {
            if (p.isChoice())
                o.insert(QString::fromStdString(p.id), QString::fromStdString(lab.setting.choice(p.id)));
            else
                o.insert(QString::fromStdString(p.id), lab.setting.number(p.id));
        }
        return o;
    };
    QJsonArray pipelines;
    for (const auto &pl : lab.pipelines) {
        QJsonArray layers;
        for (const auto &l : pl.layers) {
            QJsonObject o{{"kind", QString::fromStdString(l.kind)}};
            for (const auto &[k, v] : l.numbers)
                o.insert(QString::fromStdString(k), v);
            for (const auto &[k, v] : l.choices)
                o.insert(QString::fromStdString(k), QString::fromStdString(v));
            layers.append(o);
        }
        QJsonObject p{{"name", QString::fromStdString(pl.name)}, {"layers", layers}};
        if (pl.role != Role::Neutral)
            p.insert("role", QString::fromLatin1(roleText(pl.role)));
        pipelines.append(p);
    }
    QJsonObject o{{"title", QString::fromStdString(lab.title)},
                  {"world", settings(labWorldSettings())},
                  {"load", settings(labLoadSettings())},
                  {"pipelines", pipelines}};
    if (!lab.lesson.empty())
        o.insert("lesson", QString::fromStdString(lab.lesson));
    if (!lab.headlines.empty()) {
        QJsonArray h;
        for (const auto &id : lab.headlines)
            h.append(QString::fromStdString(id));
        o.insert("headlines", h);
    }
    if (!lab.charts.empty()) {
        QJsonArray c;
        for (const auto &id : lab.charts)
            c.append(QString::fromStdString(id));
        o.insert("charts", c);
    }
    return o;
}

std::shared_ptr<const Scenario> labScenario(const Lab &lab)
{
    auto s = std::make_shared<Scenario>();
    s->id = kLabId;
    s->group = "playground";
    s->title = lab.title;
    // The lesson's first sentence (the whole lesson is in the Lesson tab).
    const std::size_t dot = lab.lesson.find(". ");
    const std::string first = lab.lesson.substr(0, std::min(lab.lesson.find("\n\n"), dot == std::string::npos ? dot : dot + 1));
    s->summary = lab.lesson.empty() ? "Pipelines of resilience layers, outermost first, on the same world and load." : first;
    for (const auto *declared : {&labWorldSettings(), &labLoadSettings()})
        for (Parameter p : *declared) {
            if (auto *r = std::get_if<NumericRange>(&p.kind))
                r->defaultValue = lab.setting.number(p.id);
            else
                std::get<Choices>(p.kind).defaultValue = lab.setting.choice(p.id);
            if (p.id == "arrival_rate")
                p.onlyWhen = "arrival=poisson";
            if (p.id == "outage_start_s" || p.id == "outage_mode")
                p.onlyWhen = "outage_s>0";
            if (p.id == "capacity_after")
                p.onlyWhen = "capacity_change_s>0";
            s->parameters.push_back(std::move(p));
        }
    s->check = checkLabWorld;
    std::vector<std::shared_ptr<const LabPipeline>> pipelines;
    for (const auto &pl : lab.pipelines) {
        pipelines.push_back(std::make_shared<const LabPipeline>(pl));
        s->variants.push_back({pipelineId(pl.name), pl.name, pl.role, scenarios::bind(runPipeline, pipelines.back())});
    }
    s->code = [pipelines](int variant, const Params &params, bool python) {
        return labCode(*pipelines.at(std::size_t(variant)), params, python);
    };

    std::vector<std::string> headlines = lab.headlines;
    if (headlines.empty()) {
        headlines = {"completed", "latency_p99_s", "service_calls"};
        if (lab.setting.number("outage_s") > 0)
            headlines.push_back("calls_during_outage");
    }
    for (const auto &m : labMetrics()) {
        MetricSpec spec = m;
        spec.headline = std::find(headlines.begin(), headlines.end(), m.id) != headlines.end();
        s->metrics.push_back(spec);
    }
    // Headlines first, in the lab's order; the others after them, as declared.
    std::stable_sort(s->metrics.begin(), s->metrics.end(), [&](const MetricSpec &a, const MetricSpec &b) {
        const auto rank = [&](const MetricSpec &m) {
            return m.headline ? std::size_t(std::find(headlines.begin(), headlines.end(), m.id) - headlines.begin()) : headlines.size();
        };
        return rank(a) < rank(b);
    });

    // The charts the lab names, else the ones its world and layers teach with, then the load
    // offered, then the server.
    std::vector<std::string> charts = lab.charts;
    if (charts.empty()) {
        if (lab.setting.number("outage_s") > 0)
            charts.push_back("calls_into_outage");
        if (hasKind(lab, "adaptive_limit"))
            charts.push_back("adaptive_limit");
        if (hasKind(lab, "circuit_breaker"))
            charts.push_back("breaker_state");
        charts.push_back("offered_load");
        charts.push_back("server_in_flight");
        if (lab.setting.number("capacity_change_s") > 0)
            charts.push_back("server_capacity");
        for (const auto &pl : lab.pipelines)
            for (const auto &l : pl.layers)
                if (l.kind == "retry" && l.numbers.at("budget_ratio") > 0 &&
                    std::find(charts.begin(), charts.end(), "retry_budget") == charts.end())
                    charts.push_back("retry_budget");
    }
    if (lab.charts.empty() && (hasKind(lab, "hedge") ||
                               std::any_of(headlines.begin(), headlines.end(), [](const std::string &h) { return h.starts_with("latency_"); })))
        charts.insert(charts.begin(), "latency_percentiles"); // the tail is the lesson
    for (const auto &name : charts)
        if (name == "latency_percentiles")
            s->percentileChart = true;
        else
            s->chartSignals.push_back(labChart(name));
    s->worldTasks = {kLoadSampler};
    s->bands = {{.label = "outage", .startParameter = "outage_start_s", .lengthParameter = "outage_s"}};
    s->narrate = [](const Scenario::Story &st) {
        std::vector<Mark> marks;
        if (st.params.number("capacity_change_s") > 0)
            marks.push_back({st.params.number("capacity_change_s"), "verdict",
                             "server capacity " + numberText(st.params.number("capacity")) + " → " +
                                 numberText(st.params.number("capacity_after"))});
        if (st.params.number("outage_s") > 0)
            marks.push_back({st.params.number("outage_start_s") + st.params.number("outage_s"), "verdict",
                             "outage over: " + saidCount(st.number("calls_during_outage")) + " calls were sent into it"});
        return marks;
    };
    return s;
}

namespace {
// The code as a reader takes it home: without the Code tab's anchors ("  #@ io").
std::string withoutAnchors(const std::string &code, bool python)
{
    const std::string marker = python ? "#@" : "//@";
    std::string out;
    std::size_t start = 0;
    while (start < code.size()) {
        std::size_t end = code.find('\n', start);
        if (end == std::string::npos)
            end = code.size();
        std::string line = code.substr(start, end - start);
        if (const auto at = line.find(marker); at != std::string::npos) {
            line.erase(at);
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
                line.pop_back();
        }
        out += line;
        if (end < code.size())
            out += '\n';
        start = end + 1;
    }
    return out;
}
} // namespace

QStringList exportLabCode(const Lab &lab, const Params &setting, const QString &folder, QString *error)
{
    const QFileInfo where(folder);
    if (where.exists() && !where.isDir()) {
        *error = QStringLiteral("cannot write code into '%1': it is not a folder").arg(folder);
        return {};
    }
    if (!QDir().mkpath(folder)) {
        *error = QStringLiteral("cannot make the folder '%1'").arg(folder);
        return {};
    }
    const auto scenario = labScenario(lab);
    QStringList written;
    for (std::size_t i = 0; i < lab.pipelines.size(); ++i) {
        QString name = QString::fromStdString(scenario->variants[i].id);
        name.replace(QLatin1Char('/'), QLatin1Char('-')).replace(QLatin1Char('\\'), QLatin1Char('-'));
        for (const bool python : {true, false}) {
            const QString path = QDir(folder).filePath(name + (python ? QStringLiteral(".py") : QStringLiteral(".cpp")));
            if (!coro::saveFile(path, QByteArray::fromStdString(withoutAnchors(labCode(lab.pipelines[i], setting, python), python)), error))
                return {};
            written << path;
        }
    }
    return written;
}

QJsonObject labReport(const Lab &lab, const Scenario &scenario, const Params &params, std::uint64_t seed,
                      const std::vector<VariantRun> &runs)
{
    QJsonObject report = runReport(scenario, params, seed, runs);
    report.remove("scenario");
    report.insert("title", QString::fromStdString(lab.title));
    QJsonArray results = report.value("results").toArray();
    for (qsizetype i = 0; i < results.size(); ++i) {
        QJsonObject r = results[i].toObject();
        r.insert("pipeline", QString::fromStdString(runs[std::size_t(i)].variant->label));
        results[i] = r;
    }
    report.insert("results", results);
    return report;
}

} // namespace scenarios
