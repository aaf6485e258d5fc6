// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Practice 11: respect a provider's rate limit on the client side.
//
// The provider admits `rate` requests per second with bursts up to `burst` and answers
// everything beyond with 429. Three clients send the same requests:
// - no limiter: everything goes out at once and the quota answers 429;
// - the guide's limiter, transcribed step for step: an asyncio.Lock held across the sleep,
//   `allowance` set to 1.0 after sleeping, and `last_check` not moved past the sleep;
// - a token bucket (engine/resilience/token_bucket.h): FIFO, refilled continuously.
// The callers waiting for a token are charted: the guide's queue empties twice as fast as the
// bucket's, for it lets twice the rate through.
#include "common.h"

#include "engine/resilience/token_bucket.h"
#include "engine/semaphore.h"
#include "engine/sleep.h"
#include "engine/world/service.h"

#include <algorithm>
#include <optional>

namespace scenarios {

using namespace coro;
using namespace std::chrono_literals;

namespace {

/// The guide's RateLimiter, line for line. `lock` is asyncio.Lock (a one-permit semaphore);
/// time.monotonic() is the loop's virtual clock.
class GuideRateLimiter {
public:
    GuideRateLimiter(double rate, double per) : rate_(rate), per_(per), allowance_(rate), lastCheck_(now()) {}

    QCoro::Task<void> acquire()
    {
        auto held = co_await lock_.acquire(); // async with self.lock:
        const Time current = now();
        const double timePassed = toSeconds(current - lastCheck_);
        lastCheck_ = current;
        allowance_ += timePassed * (rate_ / per_); // replenish tokens
        if (allowance_ > rate_)
            allowance_ = rate_;
        record();
        if (allowance_ < 1.0) { // wait if no tokens available
            const double sleepTime = (1.0 - allowance_) * (per_ / rate_);
            co_await sleep(fromSeconds(sleepTime), WaitKind::Queue); // still holding the lock
            allowance_ = 1.0;                                          // last_check stays where it was
        }
        allowance_ -= 1.0;
        record();
    }

private:
    void record()
    {
        instrument_.set(tokensGauge_, allowance_);
        if (allowance_ < 1.0)
            instrument_.firstTime("empty");
    }

    double rate_;
    double per_;
    double allowance_;
    Time lastCheck_;
    Semaphore lock_{1};
    Instrument instrument_{"bucket"};
    Instrument::Gauge tokensGauge_ = instrument_.gauge("tokens");
};

struct World {
    World(const KeyedRandom &random, ServiceConfig config) : service(random, std::move(config)) {}
    Service service;
    std::optional<TokenBucket> bucket;
    std::optional<GuideRateLimiter> guide;
    Outstanding outstanding;
    std::vector<Time> sent; // when each request left the client, in time order
    bool finished = false;
};

QCoro::Task<void> request(World &w, std::uint64_t i)
{
    const Time arrived = now();
    issue();
    Recorder &rec = Loop::running().recorder();
    if (w.bucket || w.guide) {
        // The callers held back: the limiter's work, seen as the queue it keeps.
        const int waiting = rec.gauge("waiting_for_token");
        rec.adjust(waiting, now(), 1);
        if (w.bucket)
            co_await w.bucket->acquire();
        else
            co_await w.guide->acquire();
        rec.adjust(waiting, now(), -1);
    }
    w.sent.push_back(now());
    rec.adjust(rec.gauge("admitted"), now(), 1);
    try {
        co_await w.service.call(i);
        count("completed");
        answer(Answer::Ok, arrived);
    } catch (const ServiceError &e) {
        settle("failed", TaskOutcome::Refused);
        answer(e.status() == 429 ? Answer::Refused : Answer::Failed, arrived);
    }
    w.outstanding.done();
}

// Every 100 ms, the requests admitted over the last second, into "admitted_per_s".
QCoro::Task<void> admittedRate(World &w)
{
    Recorder &rec = Loop::running().recorder();
    const int gauge = rec.gauge("admitted_per_s");
    std::size_t oldest = 0;
    while (!w.finished) {
        co_await sleep(100ms);
        while (oldest < w.sent.size() && w.sent[oldest] <= now() - 1s)
            ++oldest;
        rec.set(gauge, now(), double(w.sent.size() - oldest));
    }
}

/// Admitted rate after the initial burst: requests sent past the first `burst`, over the time
/// they took.
std::optional<double> steadyRate(std::vector<Time> sent, std::size_t burst)
{
    std::sort(sent.begin(), sent.end());
    if (sent.size() < burst + 2)
        return std::nullopt;
    const double span = toSeconds(sent.back() - sent[burst]);
    if (span <= 0)
        return std::nullopt;
    return double(sent.size() - burst - 1) / span;
}

/// The variants, by what sets them apart.
enum class Kind { NoLimiter, GuideLimiter, TokenBucket };

QCoro::Task<void> run(RunContext &ctx, Kind kind)
{
    const Params &p = ctx.params;
    const double rate = p.number("rate");
    const double burst = p.number("burst");
    ServiceConfig config;
    config.latency = latencyDistribution(p, fromSeconds(p.number("latency_ms") / 1000.0));
    config.quotaRatePerSecond = rate;
    config.quotaBurst = burst;
    config.costPerCall = 1;
    World &w = ctx.make<World>(ctx.random, config);
    if (kind == Kind::TokenBucket)
        w.bucket.emplace(TokenBucketConfig{.ratePerSecond = rate, .capacity = burst, .name = "bucket"});
    else if (kind == Kind::GuideLimiter)
        w.guide.emplace(burst, burst / rate); // RateLimiter(rate=burst, per=burst/rate): same rate, same burst

    auto sampler = spawn("admitted per second", [&w] { return admittedRate(w); });
    co_await arriveAll(ctx, w.outstanding, std::uint64_t(p.integer("requests")), [&w](std::uint64_t i) {
        spawn({"request", std::int64_t(i)}, [&w, i] { return request(w, i); });
    });
    co_await w.outstanding.wait();
    w.finished = true;
    co_await sampler;
    if (auto r = steadyRate(w.sent, std::size_t(burst)))
        ctx.extraMetrics.push_back({"effective_rate_per_s", *r});
    ctx.extraMetrics.push_back({"configured_rate_per_s", rate});
}

} // namespace

Scenario rateLimitScenario()
{
    Scenario s;
    s.id = "rate-limit";
    s.practice = 11;
    s.group = "AI-specific";
    s.title = "Rate limiting with a token bucket";
    s.summary = "A provider allows so many requests per second: send more and it answers 429. "
                "The guide's limiter, measured, lets through about twice its rate.";
    s.parameters = {
        {"requests", "Requests", "", NumericRange{1, 100'000, 100, 1}},
        {"rate", "Allowed rate", "req/s", NumericRange{0.5, 10'000, 10, 0.5}},
        {"burst", "Burst (bucket capacity)", "", NumericRange{1, 10'000, 10, 1}},
        {"latency_ms", "Mean response time", "ms", NumericRange{1, 10'000, 200, 1}},
        latencyKindParameter(),
        arrivalParameter(),
        arrivalRateParameter(50),
    };
    s.worldTasks = {"admitted per second"};
    s.variants = {{"no-limiter", "No limiter (the provider answers 429)", Role::Bad, bind(run, Kind::NoLimiter)},
                  {"guide-limiter", "The guide's RateLimiter, as written", Role::Bad, bind(run, Kind::GuideLimiter)},
                  {"token-bucket", "Token bucket (FIFO, continuous refill)", Role::Good, bind(run, Kind::TokenBucket)}};
    s.metrics = {headline("completed"), headline("rejected_429"), metric("failed"),
                 {.id = "effective_rate_per_s", .label = "admitted rate", .unit = Unit::PerSecond},
                 {.id = "configured_rate_per_s", .label = "configured rate", .unit = Unit::PerSecond},
                 metric("makespan_s"), metric("latency_p99_s"), metric("cost")};
    s.chartSignals = {
        {.id = "admitted", .label = "requests admitted, in all",
         .references = {{.label = "bucket bound: burst + rate·t", .parameter = "burst", .slopeParameter = "rate"}}},
        withReference({.id = "admitted_per_s", .label = "admitted in the last second", .unit = Unit::PerSecond}, "allowed rate", "rate"),
        {.id = "waiting_for_token", .label = "requests waiting for a token"}};
    s.questions = {{"The provider allows {rate} requests per second, with a burst of {burst}. Without a limiter, how many of {requests} requests get a 429?", "no-limiter", "rejected_429", 0.15, 2, "The provider takes the burst of {burst} at once, then {rate} a second; everything else that arrives meanwhile gets a 429 straight away."},
                   {"With the guide's RateLimiter, how many get a 429?", "guide-limiter", "rejected_429", 0.25, 3, "The guide's limiter never moves its last check past the time it slept, so every other caller finds a token it did not wait for: it sends about twice the rate, and the provider refuses the excess."}};
    s.narrate = [](const Scenario::Story &st) {
        const double refused = st.number("rejected_429");
        std::string text = refused > 0 ? saidCount(refused) + " of " + saidCount(st.number("service_calls")) + " requests answered 429"
                                       : "no 429s";
        if (st.metrics.has("effective_rate_per_s"))
            text += "; admitted " + saidCount(st.number("effective_rate_per_s")) + "/s against " +
                    saidCount(st.number("configured_rate_per_s")) + "/s allowed";
        return std::vector<Mark>{{st.number("makespan_s"), "verdict", text}};
    };
    return s;
}

} // namespace scenarios
