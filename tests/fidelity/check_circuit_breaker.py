#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: the guide's CircuitBreaker, as our snippet shows it, in real asyncio.

    check_circuit_breaker.py COROSCOPE

600 requests arrive as a Poisson stream (50 a second) at a service that is down from 2 s to
7 s, refusing at once (503 after 1 ms) or hanging; each call has a 1 s timeout; the same
arrival gaps and latencies as Coroscope's world (the same keyed draws). Without a breaker,
and through the guide's breaker (5 failures open it for 1 s), in both outage modes: calls
into the outage, calls let through half-open and how many of those after the outage, and
how each request ended. Exact: virtual time on both sides.
"""
import asyncio
import sys

from world import ARRIVAL_STREAM, KeyedRandom, compare, coroscope, exponential_ns, latency_ns, run, seconds

REQUESTS, RATE, OUTAGE, TIMEOUT_S, THRESHOLD, RECOVERY_S = 600, 50.0, (2.0, 7.0), 1.0, 5, 1.0
random = KeyedRandom(1)


class ServiceError(Exception):
    pass


class CircuitBreaker:  # the guide's, with the loop's clock for datetime.now()
    def __init__(self, failure_threshold, recovery_timeout, counts):
        self.failure_threshold, self.recovery_timeout = failure_threshold, recovery_timeout
        self.failure_count, self.last_failure_time, self.state = 0, None, "closed"
        self.lock = asyncio.Lock()
        self.counts = counts

    async def call(self, func, *args):
        async with self.lock:
            if self.state == "open":
                if self._should_attempt_reset():
                    self.state = "half-open"
                else:
                    raise RuntimeError("Circuit breaker is OPEN")
        if self.state == "half-open":  # not in the guide: counted, as Coroscope counts it
            self.counts["half_open_calls"] += 1
            if asyncio.get_running_loop().time() >= OUTAGE[1]:
                self.counts["half_open_calls_after_outage"] += 1
        try:
            result = await func(*args)
            await self._on_success()
            return result
        except Exception:
            await self._on_failure()
            raise

    def _should_attempt_reset(self):
        if not self.last_failure_time:
            return True
        return asyncio.get_running_loop().time() - self.last_failure_time >= self.recovery_timeout

    async def _on_success(self):
        async with self.lock:
            self.failure_count = 0
            self.state = "closed"

    async def _on_failure(self):
        async with self.lock:
            self.failure_count += 1
            self.last_failure_time = asyncio.get_running_loop().time()
            if self.failure_count >= self.failure_threshold:
                self.state = "open"


def program(mode, with_breaker):
    async def main():
        loop = asyncio.get_running_loop()
        counts = {"service_calls": 0, "calls_during_outage": 0, "completed": 0, "failed": 0, "timed_out": 0,
                  "rejected": 0}
        if with_breaker:
            counts.update(half_open_calls=0, half_open_calls_after_outage=0)
        breaker = CircuitBreaker(THRESHOLD, RECOVERY_S, counts) if with_breaker else None

        async def service(i):
            counts["service_calls"] += 1
            if OUTAGE[0] <= loop.time() < OUTAGE[1]:
                counts["calls_during_outage"] += 1
                if mode == "hang":
                    await loop.create_future()
                await asyncio.sleep(0.001)
                raise ServiceError("503")
            await asyncio.sleep(seconds(latency_ns(random, "lognormal", 0.100, i)))

        async def call_service(i):
            async with asyncio.timeout(TIMEOUT_S):
                return await service(i)

        async def request(i):
            try:
                await (breaker.call(call_service, i) if breaker else call_service(i))
                counts["completed"] += 1
            except RuntimeError:
                counts["rejected"] += 1
            except TimeoutError:
                counts["timed_out"] += 1
            except ServiceError:
                counts["failed"] += 1

        tasks = []
        for i in range(REQUESTS):
            await asyncio.sleep(seconds(exponential_ns(random, 1 / RATE, ARRIVAL_STREAM, i)))
            tasks.append(asyncio.create_task(request(i)))
        await asyncio.gather(*tasks)
        return {**counts, "makespan_s": loop.time()}
    return main


def main():
    rows = []
    for mode in ("failfast", "hang"):
        for variant, with_breaker in (("no-breaker", False), ("guide-breaker", True)):
            theirs = run(program(mode, with_breaker))
            ours = coroscope(sys.argv[1], "circuit-breaker", variant, [f"outage_mode={mode}"])
            rows += [(f"{mode} {variant} {k}", v, ours.get(k, 0), 1e-6) for k, v in theirs.items()]
    return 0 if compare(rows) else 1


sys.exit(main())
