// SPDX-License-Identifier: GPL-3.0-or-later
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// The Lab's Code tab: each pipeline written out as a program a reader can run or copy.
// Python: asyncio and the standard library only, one small class or function per layer, in
// the way the guide writes its patterns, composed innermost first; it runs as it stands
// against a stand-in service with the lab's latency and failures (python3 lab.py [REQUESTS]).
// C++: the same pipeline as a coroutine on this engine's primitives.
#include "lab.h"

#include <cstdio>
#include <set>
#include <sstream>

namespace scenarios {

namespace {

// A pipeline's name in a comment of the generated code: on its one line, whatever it holds (a
// newline in a name would otherwise end the comment and put the rest of the name in the code).
std::string commentText(const std::string &name)
{
    std::string out;
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", unsigned(u));
            out += escaped;
        } else {
            out += c;
        }
    }
    return out;
}

std::string num(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

// Seconds as Python writes a float: 0.05, 1.0.
std::string secs(double v)
{
    std::string s = num(v);
    if (s.find_first_of(".e") == std::string::npos)
        s += ".0";
    return s;
}

// A string literal in Python or C++ (both accept these escapes).
std::string literal(const std::string &text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        if (c == '\n')
            out += "\\n";
        else if (static_cast<unsigned char>(c) >= 0x20)
            out += c;
    }
    return out + "\"";
}

const char *kPythonLayers[][2] = {
    {"timeout", R"(def with_timeout(call, seconds):
    """Gives up on the call after `seconds` (asyncio.TimeoutError)."""
    async def timed(item):
        return await asyncio.wait_for(call(item), seconds)
    return timed
)"},
    {"retry", R"(class RetryBudget:
    """Successes earn `ratio` retries, each retry spends one (Finagle, gRPC)."""
    def __init__(self, ratio, reserve=10, most=100):
        self.ratio, self.most, self.tokens = ratio, most, float(reserve)

    def earn(self):
        self.tokens = min(self.most, self.tokens + self.ratio)

    def spend(self):
        if self.tokens < 1 - 1e-9:
            return False
        self.tokens -= 1
        return True


def transient(error):
    """429, 5xx and timeouts are worth another try; a 400 is not."""
    if isinstance(error, ServiceError):
        return error.status == 429 or error.status >= 500
    return isinstance(error, asyncio.TimeoutError)


def backoff(attempt, base, cap, jitter, previous):
    """The sleep before retry `attempt` (0 for the first), after AWS's analysis."""
    ceiling = min(cap, base * 2 ** attempt)
    if jitter == "full":
        return random.uniform(0, ceiling)
    if jitter == "equal":
        return ceiling / 2 + random.uniform(0, ceiling / 2)
    if jitter == "decorrelated":
        return min(cap, random.uniform(base, previous * 3))
    return ceiling


def with_retry(call, attempts, base, cap, jitter, budget=None):
    """Tries again after a backoff, up to `attempts` in all."""
    async def retried(item):
        pause = base
        for attempt in range(attempts):
            try:
                result = await call(item)
                if budget:
                    budget.earn()
                return result
            except Exception as error:
                last = attempt == attempts - 1
                if last or not transient(error) or (budget and not budget.spend()):
                    raise
                pause = backoff(attempt, base, cap, jitter, pause)
                await asyncio.sleep(pause)  #@ backoff
    return retried
)"},
    {"circuit_breaker", R"(class BreakerOpen(Exception):
    pass


class CircuitBreaker:
    """Opens after `threshold` failures in a row, refuses calls for
    `recovery` s, then lets `probes` calls try: all must succeed. A call
    counts only in the state it began in: a late failure from before the
    breaker opened does not open it again, nor a late success close it."""
    def __init__(self, threshold, recovery, probes):
        self.threshold, self.recovery, self.probes = threshold, recovery, probes
        self.state, self.failures, self.opened = "closed", 0, 0.0
        self.trials = self.passed = self.changes = 0

    def _enter(self, state):
        self.state, self.changes = state, self.changes + 1
        if state == "open":
            self.opened = time.monotonic()
        elif state == "half-open":
            self.trials = self.passed = 0

    def wrap(self, call):
        async def guarded(item):
            now = time.monotonic()
            if self.state == "open" and now - self.opened >= self.recovery:
                self._enter("half-open")
            if self.state == "open" or (self.state == "half-open" and self.trials >= self.probes):
                raise BreakerOpen()  #@ refused
            if self.state == "half-open":
                self.trials += 1
            began = self.changes
            try:
                result = await call(item)
            except Exception:
                if began == self.changes:
                    self.failures += 1
                    if self.state == "half-open" or self.failures >= self.threshold:
                        self._enter("open")
                raise
            if began == self.changes:
                self.failures = 0
                if self.state == "half-open":
                    self.passed += 1
                    if self.passed == self.probes:
                        self._enter("closed")
            return result
        return guarded
)"},
    {"bulkhead", R"(class Rejected(Exception):
    pass


def with_bulkhead(call, limit, queue):
    """At most `limit` calls at once; `queue` more may wait; the rest are refused."""
    permits = asyncio.Semaphore(limit)
    waiting = 0

    async def bounded(item):
        nonlocal waiting
        if permits.locked() and waiting >= queue:
            raise Rejected()  #@ refused
        waiting += 1
        try:
            await permits.acquire()  #@ queued
        finally:
            waiting -= 1
        try:
            return await call(item)
        finally:
            permits.release()
    return bounded
)"},
    {"rate_limiter", R"(class TokenBucket:
    """`rate` tokens a second, at most `burst` saved up; callers wait their turn."""
    def __init__(self, rate, burst):
        self.rate, self.burst, self.tokens = rate, burst, float(burst)
        self.updated, self.lock = time.monotonic(), asyncio.Lock()

    async def take(self):
        async with self.lock:  # first come, first served
            while True:
                now = time.monotonic()
                self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                await asyncio.sleep((1 - self.tokens) / self.rate)  #@ queued

    def wrap(self, call):
        async def limited(item):
            await self.take()
            return await call(item)
        return limited
)"},
    {"hedge", R"(def with_hedge(call, delay, hedges):
    """Sends another attempt after `delay` s without an answer (or at once
    after a failure), up to `hedges` more; the first answer wins."""
    async def hedged(item):
        attempts, error = set(), None
        try:
            for sent in range(hedges + 1):
                attempts.add(asyncio.create_task(call(item)))
                last = sent == hedges
                while attempts:
                    done, attempts = await asyncio.wait(  #@ join
                        attempts, timeout=None if last else delay,
                        return_when=asyncio.FIRST_COMPLETED)
                    if not done:
                        break  # no answer within the delay: hedge
                    for task in done:
                        if task.exception() is None:
                            return task.result()
                        error = task.exception()
                    if not last:
                        break  # a failure: hedge at once
            raise error
        finally:
            for task in attempts:
                task.cancel()  # the losers
    return hedged
)"},
    {"adaptive_limit", R"(class LimitReached(Exception):
    pass


class AdaptiveLimit:
    """A concurrency limit that follows the service (Netflix's
    concurrency-limits). AIMD: one more per success while in use, half
    on a timeout or an overload answer. Gradient: follows the lowest
    latency seen over the latency now, with a tolerance of 1.5, and
    shrinks on a drop."""
    def __init__(self, algorithm, initial, lowest, highest):
        self.algorithm, self.limit = algorithm, float(initial)
        self.lowest, self.highest = lowest, highest
        self.in_flight, self.cuts = 0, 0
        self.recent = self.best = None

    def _clamp(self, value):
        self.limit = max(self.lowest, min(self.highest, value))

    def _sample(self, latency, dropped, began_in_use, cuts):
        if self.algorithm == "aimd":
            if dropped and cuts == self.cuts:  # once per overload
                self.cuts += 1
                self._clamp(self.limit / 2)
            elif not dropped and began_in_use:
                self._clamp(self.limit + 1)
            return
        self.recent = latency if self.recent is None else self.recent + 0.1 * (latency - self.recent)
        self.best = self.recent if self.best is None else min(self.best, self.recent)
        # a drop is the strongest sign: the timeout hid how slow the call was
        gradient = 0.5 if dropped else max(0.5, min(1.0, 1.5 * self.best / self.recent))
        target = self.limit * gradient + self.limit ** 0.5
        self._clamp(self.limit * 0.8 + target * 0.2)

    def wrap(self, call):
        async def limited(item):
            if self.in_flight >= int(self.limit):
                raise LimitReached()  #@ refused
            self.in_flight += 1
            began, cuts = time.monotonic(), self.cuts
            in_use = 2 * self.in_flight >= self.limit
            dropped = None  # no sample: another error (a 500), or a cancellation
            try:
                result = await call(item)
                dropped = False
                return result
            except (asyncio.TimeoutError, ServiceError) as error:
                if not isinstance(error, ServiceError) or error.status in (429, 503):
                    dropped = True
                raise
            finally:
                self.in_flight -= 1
                if dropped is not None:
                    self._sample(time.monotonic() - began, dropped, in_use, cuts)
        return limited
)"},
    {"fallback", R"(def with_fallback(call, default=None):
    """Answers `default` (a cached or degraded answer) when the call fails."""
    async def answered(item):
        try:
            return await call(item)
        except asyncio.CancelledError:
            raise
        except Exception:
            return default
    return answered
)"},
};

// The Python expression that wraps `call` in this layer (innermost first), and any object it
// needs, declared before.
std::string pythonWrap(const LabLayer &l, std::string *objects)
{
    const auto n = [&](const char *id) { return l.numbers.at(id); };
    if (l.kind == "timeout")
        return "with_timeout(call, " + secs(n("timeout_s")) + ")";
    if (l.kind == "retry") {
        std::string budget;
        if (n("budget_ratio") > 0) {
            *objects += "    budget = RetryBudget(ratio=" + num(n("budget_ratio")) + ")\n";
            budget = ", budget=budget";
        }
        return "with_retry(call, attempts=" + num(n("max_attempts")) + ", base=" + secs(n("base_ms") / 1000) + ", cap=" +
               secs(n("cap_s")) + ", jitter=" + literal(l.choices.at("jitter")) + budget + ")";
    }
    if (l.kind == "circuit_breaker") {
        *objects += "    breaker = CircuitBreaker(threshold=" + num(n("failure_threshold")) + ", recovery=" + secs(n("recovery_s")) +
                    ", probes=" + num(n("probes")) + ")\n";
        return "breaker.wrap(call)";
    }
    if (l.kind == "bulkhead")
        return "with_bulkhead(call, limit=" + num(n("max_concurrent")) + ", queue=" + num(n("max_queue")) + ")";
    if (l.kind == "rate_limiter") {
        *objects += "    bucket = TokenBucket(rate=" + num(n("rate")) + ", burst=" + num(n("burst")) + ")\n";
        return "bucket.wrap(call)";
    }
    if (l.kind == "hedge")
        return "with_hedge(call, delay=" + secs(n("delay_ms") / 1000) + ", hedges=" + num(n("max_hedges")) + ")";
    if (l.kind == "adaptive_limit") {
        *objects += "    limit = AdaptiveLimit(" + literal(l.choices.at("algorithm")) + ", initial=" + num(n("initial")) +
                    ", lowest=" + num(n("min")) + ", highest=" + num(n("max")) + ")\n";
        return "limit.wrap(call)";
    }
    return "with_fallback(call)";
}

std::string python(const LabPipeline &pipeline, const Params &p)
{
    std::ostringstream out;
    out << "# " << commentText(pipeline.name) << ": ";
    if (pipeline.layers.empty())
        out << "the bare call, nothing around it.\n";
    else {
        for (std::size_t i = 0; i < pipeline.layers.size(); ++i)
            out << (i ? " > " : "") << describeLayer(pipeline.layers[i]);
        out << " (outermost first).\n";
    }
    out << "# Runs as it stands: python3 lab.py [REQUESTS]. Replace call_service with your call.\n"
           "import asyncio\n" << (p.number("latency_p99_ms") > p.number("latency_ms") ? "import math\n" : "")
        << "import random\nimport sys\nimport time\n\n\n"
           "class ServiceError(Exception):\n"
           "    def __init__(self, status):\n"
           "        super().__init__(f\"HTTP {status}\")\n"
           "        self.status = status\n\n\n";
    const double mean = p.number("latency_ms") / 1000, p99 = p.number("latency_p99_ms") / 1000;
    if (p99 > mean) {
        // The same fit as the simulation's: mean = exp(mu + s^2/2), p99 = exp(mu + z s).
        out << "# The stand-in's latency: log-normal with a mean of " << secs(mean) << " s and a p99 of " << secs(p99) << " s.\n"
            << "Z99 = 2.3263478740408408\n"
            << "SIGMA = Z99 - (Z99 ** 2 - 2 * math.log(" << secs(p99) << " / " << secs(mean) << ")) ** 0.5\n"
            << "MU = math.log(" << secs(mean) << ") - SIGMA ** 2 / 2\n\n\n";
    }
    out << "async def call_service(item):\n"
           "    \"\"\"A stand-in for the remote call: the lab's latency and failures.\"\"\"\n";
    if (p99 > mean)
        out << "    await asyncio.sleep(random.lognormvariate(MU, SIGMA))  #@ io\n";
    else
        out << "    await asyncio.sleep(" << secs(mean) << ")  #@ io\n";
    if (p.number("failure_rate") > 0)
        out << "    if random.random() < " << num(p.number("failure_rate")) << ":\n        raise ServiceError(500)\n";
    out << "    return item\n\n\n";
    std::set<std::string> kinds;
    for (const auto &l : pipeline.layers)
        kinds.insert(l.kind);
    for (const auto &[kind, code] : kPythonLayers)
        if (kinds.count(kind))
            out << code << "\n\n";
    std::string objects, wraps;
    for (std::size_t i = pipeline.layers.size(); i-- > 0;)
        wraps += "    call = " + pythonWrap(pipeline.layers[i], &objects) + "\n";
    out << "def pipeline():\n    \"\"\"The layers, built innermost first: the last one wraps all the others.\"\"\"\n"
        << objects << "    call = call_service\n" << wraps << "    return call\n\n\n";
    const bool poisson = p.choice("arrival") == "poisson";
    out << "async def main(requests=" << num(p.number("requests")) << "):\n"
           "    call = pipeline()\n"
           "    outcomes = {}\n\n"
           "    async def request(item):\n"
           "        try:\n"
           "            await call(item)\n"
           "            outcome = \"answered\"\n"
           "        except Exception as error:\n"
           "            outcome = type(error).__name__\n"
           "        outcomes[outcome] = outcomes.get(outcome, 0) + 1\n\n"
           "    async with asyncio.TaskGroup() as group:\n"
           "        for item in range(requests):\n";
    if (poisson)
        out << "            await asyncio.sleep(random.expovariate(" << num(p.number("arrival_rate")) << "))  #@ arrival\n";
    out << "            group.create_task(request(item))\n"
           "    print(outcomes)\n\n\n"
           "if __name__ == \"__main__\":\n"
           "    asyncio.run(main(*map(int, sys.argv[1:2])))\n";
    return out.str();
}

std::string cpp(const LabPipeline &pipeline)
{
    std::ostringstream out;
    out << "// " << commentText(pipeline.name) << ", on Coroscope's engine: each layer wraps the ones after it.\n";
    for (std::size_t i = 1; i <= pipeline.layers.size(); ++i)
        out << "QCoro::Task<void> layer" << i << "(Call &c);\n";
    out << "\n";
    std::ostringstream objects;
    for (std::size_t i = 0; i < pipeline.layers.size(); ++i) {
        const LabLayer &l = pipeline.layers[i];
        const auto n = [&](const char *id) { return num(l.numbers.at(id)); };
        if (l.kind == "circuit_breaker")
            objects << "CircuitBreaker breaker{{.failureThreshold = " << n("failure_threshold") << ", .openDuration = "
                    << n("recovery_s") << "s, .halfOpenCalls = " << n("probes") << "}};\n";
        else if (l.kind == "bulkhead")
            objects << "ConcurrencyLimiter bulkhead{{.maxConcurrent = " << n("max_concurrent") << ", .maxQueue = " << n("max_queue") << "}};\n";
        else if (l.kind == "rate_limiter")
            objects << "TokenBucket bucket{{.ratePerSecond = " << n("rate") << ", .capacity = " << n("burst") << "}};\n";
        else if (l.kind == "adaptive_limit")
            objects << "AdaptiveLimiter limit{{.algorithm = LimitAlgorithm::" << (l.choices.at("algorithm") == "aimd" ? "Aimd" : "Gradient")
                    << ", .initial = " << n("initial") << ", .min = " << n("min") << ", .max = " << n("max") << "}};\n";
        else if (l.kind == "retry" && l.numbers.at("budget_ratio") > 0)
            objects << "RetryBudget budget{{.ratio = " << n("budget_ratio") << "}};\n";
    }
    if (!objects.str().empty())
        out << "// Shared by every request of the client:\n" << objects.str() << "\n";
    for (std::size_t i = 0; i < pipeline.layers.size(); ++i) {
        const LabLayer &l = pipeline.layers[i];
        const auto n = [&](const char *id) { return num(l.numbers.at(id)); };
        const std::string inner = "layer" + std::to_string(i + 1) + "(c)";
        out << "QCoro::Task<void> layer" << i << "(Call &c) // " << describeLayer(l) << "\n{\n";
        if (l.kind == "timeout")
            out << "    co_await timeout(" << n("timeout_s") << "s, " << inner << ");\n";
        else if (l.kind == "retry") {
            out << "    RetryPolicy policy{.maxAttempts = " << n("max_attempts") << ", .base = " << n("base_ms") << "ms, .cap = "
                << n("cap_s") << "s, .jitter = Jitter::" << char(std::toupper(static_cast<unsigned char>(l.choices.at("jitter")[0])))
                << l.choices.at("jitter").substr(1) << "};\n";
            if (l.numbers.at("budget_ratio") > 0)
                out << "    policy.budget = &budget;\n";
            out << "    co_await retry(policy, random, {JitterStream, c.item}, [&](int) { return " << inner << "; }); //@ backoff\n";
        } else if (l.kind == "circuit_breaker")
            out << "    co_await breaker.call([&] { return " << inner << "; }); //@ refused\n";
        else if (l.kind == "bulkhead")
            out << "    const Permit permit = co_await bulkhead.acquire(); //@ queued\n    co_await " << inner << ";\n";
        else if (l.kind == "rate_limiter")
            out << "    co_await bucket.acquire(); //@ queued\n    co_await " << inner << ";\n";
        else if (l.kind == "hedge")
            out << "    co_await hedge({.delay = " << n("delay_ms") << "ms, .maxHedges = " << n("max_hedges") << "}, [&](int) { return "
                << inner << "; }); //@ join\n";
        else if (l.kind == "adaptive_limit")
            out << "    co_await limit.call([&] { return " << inner << "; }); //@ refused\n";
        else
            out << "    co_await withFallback([&] { return " << inner << "; });\n";
        out << "}\n\n";
    }
    out << "QCoro::Task<void> layer" << pipeline.layers.size() << "(Call &c) // the call itself\n{\n"
           "    co_await service.call(c.item, c.attempts++); //@ io\n}\n\n"
           "QCoro::Task<void> call(Call &c) { return layer0(c); }\n";
    return out.str();
}

} // namespace

std::string labCode(const LabPipeline &pipeline, const Params &setting, bool pythonCode)
{
    return pythonCode ? python(pipeline, setting) : cpp(pipeline);
}

} // namespace scenarios
