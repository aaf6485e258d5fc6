// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 6: retry transient failures, with backoff and jitter.
//
// Two worlds, chosen by "world":
// - flaky: clients each make one call to a service that fails now and then, and fails
//   everything during an outage at the start; a retry storm follows the outage;
// - contention: the optimistic-concurrency model of the "Exponential Backoff And Jitter"
//   analysis. One row with a version number. A client reads the version, then writes it back;
//   the write lands only if no other write landed in between, otherwise the client backs off
//   and starts again with a new read. An attempt is four messages of |Normal(10 ms, 2 ms)|
//   each: read request, read response, write request, write response. The server reads the
//   version when the read request reaches it and checks it when the write request does; after
//   a failed write response the client waits out its backoff, then sends a new read. The first
//   retry waits base * 2^1, as the analysis's simulator counts. service_calls counts writes,
//   and makespan_s is when the last client has its successful write response.
// Seven clients: no retry; immediate retry; exponential backoff as the guide's async_retry
// writes it (retries every exception, no jitter, no cap); capped exponential; equal, full
// and decorrelated jitter.
#include "common.h"

#include "engine/resilience/retry.h"
#include "engine/sleep.h"
#include "engine/timeout.h"
#include "engine/world/service.h"

#include <cmath>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

struct World {
    World(const KeyedRandom &random, ServiceConfig config) : service(random, std::move(config)) {}
    Service service;
    Outstanding outstanding;
    std::uint64_t rowVersion = 0;
    Duration attemptTimeout{};
    bool finished = false;
};

/// The version conflict of the contention world: retryable, like a 409 in optimistic concurrency.
struct Conflict : std::exception, coro::CountedException {
    const char *what() const noexcept override { return "409 Conflict"; }
};

/// What sets a variant apart: how it shapes the retry policy its clients use.
using PolicyStyle = void (*)(RetryPolicy &);

void noRetry(RetryPolicy &policy) { policy.maxAttempts = 1; }
void immediateRetry(RetryPolicy &policy) { policy.base = Duration{0}; }
void guideDecorator(RetryPolicy &policy)
{
    policy.factor = 2;                                           // backoff=2.0
    policy.cap = std::chrono::hours(24);                         // the guide has no cap
    policy.firstRetryExponent = 0;                               // sleep(delay), then delay *= backoff
    policy.retryOn = [](std::exception_ptr) { return true; };    // except Exception: retries everything
}
void cappedExponential(RetryPolicy &) {}
void equalJitter(RetryPolicy &policy) { policy.jitter = Jitter::Equal; }
void fullJitter(RetryPolicy &policy) { policy.jitter = Jitter::Full; }
void decorrelatedJitter(RetryPolicy &policy) { policy.jitter = Jitter::Decorrelated; }

RetryPolicy policyFor(const RunContext &ctx, PolicyStyle style)
{
    const Params &p = ctx.params;
    RetryPolicy policy;
    policy.maxAttempts = p.integer("max_attempts");
    policy.base = fromSeconds(p.number("base_ms") / 1000.0);
    policy.cap = fromSeconds(p.number("cap_s"));
    if (p.choice("world") == "contention") {
        policy.firstRetryExponent = 1; // the analysis's simulator: attempt 1 waits base * 2^1
        policy.retryOn = [](std::exception_ptr e) {
            try {
                std::rethrow_exception(e);
            } catch (const Conflict &) {
                return true;
            } catch (...) {
                return false;
            }
        };
    }
    style(policy);
    return policy;
}

// One message of the contention world: |Normal(10 ms, 2 ms)|, keyed by who sends it.
Duration messageTime(const RunContext &ctx, std::uint64_t client, std::uint64_t attempt, std::uint64_t which)
{
    const double ms = std::abs(ctx.params.number("message_ms") +
                               ctx.params.number("message_sd_ms") * ctx.random.normal({ServiceStream, client, attempt}, which));
    return fromSeconds(ms / 1000.0);
}

QCoro::Task<void> readThenWrite(RunContext &ctx, World &w, std::uint64_t client, int attempt)
{
    const auto k = std::uint64_t(attempt);
    co_await sleep(messageTime(ctx, client, k, 0), WaitKind::Io); // the read request reaches the server...
    const std::uint64_t seen = w.rowVersion;                      // ...which reads the version
    co_await sleep(messageTime(ctx, client, k, 1), WaitKind::Io); // the read response
    co_await sleep(messageTime(ctx, client, k, 2), WaitKind::Io); // the write request reaches the server...
    count("service_calls");
    const bool landed = w.rowVersion == seen; // ...which writes only if nobody wrote in between
    if (landed)
        ++w.rowVersion;
    co_await sleep(messageTime(ctx, client, k, 3), WaitKind::Io); // the write response
    if (!landed)
        throw Conflict();
}

// One attempt in the flaky world: a call with a client timeout (a timeout is retryable). An
// attempt after a 400 is a retry nothing could save: the request itself is malformed.
QCoro::Task<void> attempt(World &w, std::uint64_t id, int k, bool &answered400)
{
    if (answered400)
        count("retries_after_400");
    try {
        co_await timeout(w.attemptTimeout, w.service.call(id, std::uint32_t(k)));
    } catch (const ServiceError &e) {
        answered400 = answered400 || e.status() == 400;
        throw;
    }
}

QCoro::Task<void> client(RunContext &ctx, World &w, const RetryPolicy &policy, std::uint64_t id, bool contention)
{
    const Time start = now();
    issue();
    try {
        if (contention)
            co_await retry(policy, ctx.random, {JitterStream, id, 0}, [&ctx, &w, id](int k) { return readThenWrite(ctx, w, id, k); });
        else {
            bool answered400 = false;
            co_await retry(policy, ctx.random, {JitterStream, id, 0}, [&w, id, &answered400](int k) { return attempt(w, id, k, answered400); });
        }
        count("completed");
        answer(Answer::Ok, start);
    } catch (const TimeoutError &) { // the last attempt's own timeout: the caller gets a failure
        settle("failed", TaskOutcome::Failed);
        answer(Answer::TimedOut, start);
    } catch (const std::exception &) {
        settle("failed", TaskOutcome::Failed);
        answer(Answer::Failed, start);
    }
    w.outstanding.done();
}

// Samples the call rate into the "calls_per_s" gauge: every 100 ms while calls come, and
// twice as rarely after each quiet sample, so that days of backoff (the guide's uncapped
// decorator) cost a few dozen samples rather than millions. Each window's rate is drawn over
// the window itself (set at its start once it is known), so a storm that is over within the
// first window still shows as a bar there, not as a point at its end.
QCoro::Task<void> callRate(World &w, bool contention)
{
    Recorder &rec = Loop::running().recorder();
    const int gauge = rec.gauge("calls_per_s");
    double last = 0;
    Duration period = 100ms;
    Time windowStart = now();
    while (!w.finished) {
        co_await sleep(period);
        const double calls = rec.counterValue(contention ? "service_calls" : "service.calls");
        rec.set(gauge, windowStart, (calls - last) / toSeconds(period));
        windowStart = now();
        period = calls == last ? std::min<Duration>(2 * period, std::chrono::hours(24)) : Duration(100ms);
        last = calls;
    }
    rec.set(gauge, now(), 0); // the last window ends with the run
}

QCoro::Task<void> run(RunContext &ctx, PolicyStyle style)
{
    const Params &p = ctx.params;
    const bool contention = p.choice("world") == "contention";
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("latency_ms") / 1000.0));
    config.failureProbability = p.number("failure_rate");
    config.badRequestProbability = contention ? 0 : p.number("bad_request_rate");
    config.outages = {{Time{0}, fromSeconds(p.number("outage_s")), OutageMode::FailFast}};
    config.costPerCall = 1;
    config.capacity = p.integer("capacity");
    config.finishAbandonedWork = true;
    World &w = ctx.make<World>(ctx.random, config);
    w.attemptTimeout = fromSeconds(p.number("timeout_s"));
    const RetryPolicy &policy = ctx.make<RetryPolicy>(policyFor(ctx, style));
    auto sampler = spawn("calls per second", [&w, contention] { return callRate(w, contention); });
    const auto n = std::uint64_t(p.integer("clients"));
    Time lastWrite{};
    for (std::uint64_t id = 0; id < n; ++id) {
        w.outstanding.add();
        spawn({"client", std::int64_t(id)}, [&ctx, &w, &policy, id, contention] { return client(ctx, w, policy, id, contention); });
    }
    co_await w.outstanding.wait();
    lastWrite = now();
    w.finished = true;
    co_await sampler;
    ctx.extraMetrics.push_back({"work_makespan_s", toSeconds(lastWrite)});
    const double calls = ctx.loop.recorder().counterValue(contention ? "service_calls" : "service.calls");
    ctx.extraMetrics.push_back({"retry_amplification", calls / double(n)});
    ctx.extraMetrics.push_back({"peak_calls_per_s", ctx.loop.recorder().findGauge("calls_per_s")->max});
    if (!contention) // only the flaky world has malformed requests
        ctx.extraMetrics.push_back({"retries_after_400", ctx.loop.recorder().counterValue("retries_after_400")});
}

} // namespace

Scenario retryScenario()
{
    Scenario s;
    s.id = "retry";
    s.practice = 6;
    s.group = "resilience";
    s.title = "Retries with backoff and jitter";
    s.summary = "Immediate retries turn an outage into a storm; backoff spreads them out, and "
                "jitter keeps many clients from retrying in lockstep.";
    s.parameters = {
        {"world", "World", "", Choices{{"flaky", "contention"}, "flaky"}},
        {"clients", "Clients", "", NumericRange{1, 10'000, 100, 1}},
        {"max_attempts", "Attempts (including the first)", "", NumericRange{1, 1000, 8, 1}},
        {"base_ms", "Backoff base", "ms", NumericRange{0, 10'000, 100, 1}},
        {"cap_s", "Backoff cap", "s", NumericRange{0.001, 600, 5, 0.001}},
        {"failure_rate", "Flaky: failure probability", "", NumericRange{0, 1, 0.2, 0.01}, "world=flaky"},
        {"bad_request_rate", "Flaky: malformed requests (400, never retryable)", "", NumericRange{0, 1, 0.05, 0.01}, "world=flaky"},
        {"outage_s", "Flaky: outage at the start", "s", NumericRange{0, 600, 1, 0.1}, "world=flaky"},
        {"latency_ms", "Flaky: mean latency", "ms", NumericRange{1, 10'000, 50, 1}, "world=flaky"},
        {"capacity", "Flaky: server capacity (0 = unlimited)", "", NumericRange{0, 10'000, 10, 1}, "world=flaky"},
        {"timeout_s", "Flaky: timeout per attempt", "s", NumericRange{0.001, 600, 0.5, 0.001}, "world=flaky"},
        withCondition(latencyKindParameter(), "world=flaky"),
        {"message_ms", "Contention: message time", "ms", NumericRange{0.1, 1000, 10, 0.1}, "world=contention"},
        {"message_sd_ms", "Contention: message time spread", "ms", NumericRange{0, 1000, 2, 0.1}, "world=contention"},
    };
    s.worldTasks = {"calls per second"};
    s.variants = {{"no-retry", "No retry", Role::Bad, bind(run, PolicyStyle(noRetry))},
                  {"immediate", "Immediate retry", Role::Bad, bind(run, PolicyStyle(immediateRetry))},
                  {"exponential-guide", "Exponential backoff, as the guide's async_retry", Role::Neutral, bind(run, PolicyStyle(guideDecorator))},
                  {"exponential", "Capped exponential, no jitter", Role::Neutral, bind(run, PolicyStyle(cappedExponential))},
                  {"equal-jitter", "Exponential with equal jitter", Role::Good, bind(run, PolicyStyle(equalJitter))},
                  {"full-jitter", "Exponential with full jitter", Role::Good, bind(run, PolicyStyle(fullJitter))},
                  {"decorrelated-jitter", "Decorrelated jitter", Role::Good, bind(run, PolicyStyle(decorrelatedJitter))}};
    // Jitter's gain is the herd it breaks up: the calls that reach the server at the same
    // moment, and the wait of the unlucky last ones (the p99 of the successes).
    s.metrics = {headline("completed"), headline("failed"),
                 headline({.id = "retries_after_400", .label = "retries of a 400", .better = Better::Lower}),
                 headline({.id = "peak_in_flight", .label = "peak calls at the server", .better = Better::Lower}),
                 headline("latency_p99_s"),
                 {.id = "retry_amplification", .label = "calls per client", .unit = Unit::Ratio, .better = Better::Lower},
                 metric("service_calls"), metric("retries"),
                 {.id = "peak_calls_per_s", .label = "peak calls per second", .unit = Unit::PerSecond, .better = Better::Lower},
                 metric("makespan_s"), metric("cost"),
                 {.id = "work_makespan_s", .label = "last write at", .unit = Unit::Seconds, .better = Better::Lower}};
    s.chartSignals = {{.id = "calls_per_s", .label = "calls per second", .unit = Unit::PerSecond},
                 withReference(serviceInFlightSignal("service"), "server capacity", "capacity")};
    s.bands = {{.label = "outage", .lengthParameter = "outage_s"}};
    s.questions = {{"The service is down for the first {outage_s} s. Retrying at once, {max_attempts} attempts each, how many of the {clients} clients succeed?", "immediate", "completed", 0.1, 0.5, "Immediate retries follow each other within milliseconds, so a client's {max_attempts} attempts all land inside the {outage_s} s outage, shaded on the timelines, unless it is shorter than they are."},
                   {"How many calls do those immediate retries make in all?", "immediate", "service_calls", 0.15, 0, "A client that never gets through spends all {max_attempts} attempts: up to {clients} × {max_attempts} calls, nearly all at the start, the calls-per-second chart's tall spike."},
                   {"With exponential backoff and full jitter, how many clients succeed?", "full-jitter", "completed", 0.05, 1, "Backoff waits the outage out, so every retryable request succeeds in the end; the few that fail are the malformed ones, answered 400 every time, which no retry can save."}};
    s.narrate = [](const Scenario::Story &st) {
        const double done = st.number("completed"), calls = st.number("service_calls");
        std::vector<Mark> m{{st.number("makespan_s"), "verdict",
                             done == 0 ? "all " + saidCount(st.number("failed")) + " failed, after " + saidCount(calls) + " calls"
                                       : saidCount(done) + " succeeded, with " + saidCount(calls) + " calls"}};
        if (const double wasted = st.number("retries_after_400"); wasted > 0)
            m.push_back({st.number("work_makespan_s"), "verdict",
                         saidCount(wasted) + " retries of malformed requests (400): no retry can fix them"});
        return m;
    };
    return s;
}

} // namespace scenarios
