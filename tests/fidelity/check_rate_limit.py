#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: the guide's RateLimiter, as our snippet shows it, in real asyncio.

    check_rate_limit.py COROSCOPE

100 requests at once to a provider that admits 10 a second with bursts of 10 (a token bucket
on its side, full at the start) and answers 429 after 1 ms beyond that; the rest are served
after the same lognormal latencies as in Coroscope's world (the same keyed draws). Without a
limiter and through the guide's limiter configured for the same rate and burst: answers,
429s, the rate admitted after the first burst, and each served request's latency from arrival.
Exact: virtual time on both sides.
"""
import asyncio
import sys

from world import KeyedRandom, compare, coroscope, latency_ns, run, seconds

REQUESTS, RATE, BURST, MEAN = 100, 10.0, 10.0, 0.200
random = KeyedRandom(1)


class RateLimitError(Exception):
    pass


class RateLimiter:  # the guide's, with the loop's clock for time.monotonic()
    def __init__(self, rate, per=1.0):
        self.rate, self.per, self.allowance = rate, per, rate
        self.last_check, self.lock = asyncio.get_running_loop().time(), asyncio.Lock()

    async def acquire(self):
        async with self.lock:
            current = asyncio.get_running_loop().time()
            time_passed = current - self.last_check
            self.last_check = current
            self.allowance += time_passed * (self.rate / self.per)
            if self.allowance > self.rate:
                self.allowance = self.rate
            if self.allowance < 1.0:
                await asyncio.sleep((1.0 - self.allowance) * (self.per / self.rate))
                self.allowance = 1.0
            self.allowance -= 1.0


def program(with_limiter):
    async def main():
        loop = asyncio.get_running_loop()
        quota = {"tokens": BURST, "at": 0}
        counts = {"completed": 0, "rejected_429": 0}
        sent, latencies = [], []
        limiter = RateLimiter(rate=BURST, per=BURST / RATE) if with_limiter else None

        async def provider(i):
            # The fake provider keeps its bucket on integer nanoseconds, as Coroscope's world
            # does: on float seconds, 10 x (0.3 - 0.2) is 0.9999999999999998 tokens, and a
            # request admitted exactly on a refill would be refused.
            now = round(loop.time() * 1e9)
            quota["tokens"] = min(BURST, quota["tokens"] + RATE * ((now - quota["at"]) / 1e9))
            quota["at"] = now
            if quota["tokens"] < 1.0:
                await asyncio.sleep(0.001)
                raise RateLimitError("429")
            quota["tokens"] -= 1.0
            await asyncio.sleep(seconds(latency_ns(random, "lognormal", MEAN, i)))

        async def request(i):
            arrived = loop.time()
            if limiter:
                await limiter.acquire()
            sent.append(loop.time())
            try:
                await provider(i)
                counts["completed"] += 1
                latencies.append(loop.time() - arrived)  # latency: of the successful answers
            except RateLimitError:
                counts["rejected_429"] += 1

        tasks = []
        for i in range(REQUESTS):
            await asyncio.sleep(0)  # all at once
            tasks.append(asyncio.create_task(request(i)))
        await asyncio.gather(*tasks)
        out = {**counts, "latency_max_s": max(latencies), "latency_mean_s": sum(latencies) / len(latencies)}
        sent.sort()
        burst = int(BURST)
        if len(sent) >= burst + 2 and sent[-1] > sent[burst]:
            out["effective_rate_per_s"] = (len(sent) - burst - 1) / (sent[-1] - sent[burst])
        return out
    return main


def main():
    rows = []
    for variant, with_limiter in (("no-limiter", False), ("guide-limiter", True)):
        theirs = run(program(with_limiter))
        ours = coroscope(sys.argv[1], "rate-limit", variant)
        rows += [(f"{variant} {k}", v, ours.get(k, 0), 1e-6 * max(1, abs(v))) for k, v in theirs.items()]
    return 0 if compare(rows) else 1


sys.exit(main())
