// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Small helpers shared by scenarios: arrivals, the latency knob, outcome counting.
#pragma once

#include "scenario.h"

#include "engine/event.h"
#include "engine/metrics.h"
#include "engine/random.h"
#include "engine/sleep.h"

#include <initializer_list>
#include <string>

namespace scenarios {

/// Random streams, so different draws never share a key.
enum Stream : std::uint64_t { ServiceStream = 1, ArrivalStream = 10, JitterStream = 20 };

/// The parameters every request-driven scenario shares.
Parameter arrivalParameter(const char *defaultValue = "burst");
Parameter arrivalRateParameter(double defaultPerSecond);
Parameter latencyKindParameter(const char *defaultValue = "lognormal");
/// The parameter, mattering only when onlyWhen ("CHOICE=VALUE") holds.
Parameter withCondition(Parameter parameter, std::string onlyWhen);

/// The signal with a dashed reference line at the value of `parameter` ("permits" at limit).
coro::SignalSpec withReference(coro::SignalSpec signal, std::string label, std::string parameter);

/// The latency distribution chosen by "latency" with the given mean (p99 = 6 × mean for the
/// log-normal: a heavy tail).
coro::Distribution latencyDistribution(const Params &params, coro::Duration mean);
/// Scenario::check for a log-normal latency given by its mean and p99 parameters (in ms): a p99
/// above what a log-normal with that mean can have is refused, naming the largest allowed.
/// A p99 at or below the mean means no tail when noTailAtMean (the Lab), else is left to the run.
std::string checkTail(const Params &params, const char *meanMs, const char *p99Ms, bool noTailAtMean);

/// When request i arrives: all at 0 ("burst") or a Poisson process at "arrival_rate".
class Arrivals {
public:
    Arrivals(const RunContext &ctx);
    coro::Duration gapBefore(std::uint64_t i) const;

private:
    coro::KeyedRandom random_;
    bool poisson_;
    coro::Distribution gap_;
};

/// Counts outstanding work and lets the main task wait until it is all done, without
/// keeping a handle per request alive (runs can have a million requests).
class Outstanding {
public:
    Outstanding() { allDone_.set(); } // nothing outstanding yet: wait() returns at once
    void add()
    {
        if (count_++ == 0)
            allDone_.clear(); // it may have drained between two arrivals
    }
    void done()
    {
        if (--count_ == 0)
            allDone_.set();
    }
    auto wait() { return allDone_.wait(coro::WaitKind::Join); }

private:
    std::uint64_t count_ = 0;
    coro::Event allDone_;
};

/// Starts item i at its arrival time (see Arrivals), for i in [0, n): `start(i)` typically
/// spawns the request after `outstanding.add()` has counted it.
template <typename Start>
QCoro::Task<void> arriveAll(const RunContext &ctx, Outstanding &outstanding, std::uint64_t n, Start start)
{
    const Arrivals arrivals(ctx);
    for (std::uint64_t i = 0; i < n; ++i) {
        co_await coro::sleep(arrivals.gapBefore(i), coro::WaitKind::Arrival);
        outstanding.add();
        start(i);
    }
}

/// Adds delta to the counter `name` of the running loop's recorder.
void count(const char *name, double delta = 1);
/// Little's law, measured and in theory, for a run that answered every request (answer()) from
/// its arrival: "mean_in_system" is the time-average of the sum of these gauges (the requests
/// in the system: in flight, and waiting where they wait), "littles_law_in_system" is the
/// arrival rate times the mean time to an answer, whatever it was (lambda W). They agree when the gauges count every
/// request from arrival to end. Requests still unanswered at the end add the time they have
/// spent in the system so far, in seconds (unanswered_s).
void reportLittlesLaw(RunContext &ctx, std::initializer_list<const char *> gaugesInSystem, double unanswered_s = 0);

/// A caller issued n requests (coro::Answer): the run's "requests".
void issue(std::uint64_t n = 1);
/// The request issued at `issuedAt` was answered so: counted in the run's "outcomes", over time
/// too, and its answer time kept (a latency when Ok; latency is of successes only).
void answer(coro::Answer answer, coro::Time issuedAt);

/// Counts how a request ended and marks it so on its task's timeline (a timeout caught, a
/// refusal): count(name) and coro::markOutcome(outcome).
void settle(const char *name, coro::TaskOutcome outcome);

// Telling a run's story (Scenario::narrate).
/// "2.0 s", "340 ms": a time as a mark's text says it.
std::string said(double seconds);
/// A count in words: "1", "199", "1,000".
std::string saidCount(double n);
/// When the gauge first stood at its highest recorded point, in seconds; 0 if never recorded.
double whenPeaked(const coro::Recorder &recorder, const char *gauge);
/// The gauge's value at time t (a step function); 0 if it was never recorded.
double gaugeAt(const coro::Recorder &recorder, const char *gauge, double t);
/// The end of the run: the latest span end.
double runEnd(const coro::Recorder &recorder);

} // namespace scenarios
