#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: the guide's async_retry decorator, as our snippet shows it, in real asyncio.

    check_retry.py COROSCOPE

100 clients at once against a flaky service: down for the first second (503 after 1 ms),
then 20 % of calls fail (500) after their latency, and 5 % of requests are malformed (400,
every time); 10 servers take calls in arrival order, and a call whose caller gave up (a
0.5 s timeout per attempt) is still served. The same latencies, failures and malformed
requests as Coroscope's world (the same keyed draws). The decorator's defaults as the
scenario sets them (8 attempts, 100 ms doubling, every exception retried): answers,
failures, calls, retries, retries of a 400, when the last client is done. Exact: virtual
time on both sides.
"""
import asyncio
import sys

from world import SERVICE_STREAM, KeyedRandom, compare, coroscope, fails, latency_ns, run, seconds

CLIENTS, ATTEMPTS, DELAY, OUTAGE_S, FAILURE, BAD, CAPACITY, TIMEOUT_S = 100, 8, 0.1, 1.0, 0.2, 0.05, 10, 0.5
random = KeyedRandom(1)


class ServiceError(Exception):
    def __init__(self, status):
        super().__init__(str(status))
        self.status = status


def async_retry(max_attempts=3, delay=1.0, backoff=2.0, counts=None):  # the guide's, counted
    def decorator(func):
        async def wrapper(*args):
            last_exception, current_delay = None, delay
            for attempt in range(max_attempts):
                try:
                    return await func(*args, attempt)
                except Exception as e:
                    last_exception = e
                    if attempt < max_attempts - 1:
                        counts["retries"] += 1
                        await asyncio.sleep(current_delay)
                        current_delay *= backoff
            raise last_exception
        return wrapper
    return decorator


async def main():
    loop = asyncio.get_running_loop()
    servers = asyncio.Semaphore(CAPACITY)
    counts = {"completed": 0, "failed": 0, "service_calls": 0, "retries": 0, "retries_after_400": 0}
    answered_400 = set()

    async def serve(latency):
        async with servers:
            await asyncio.sleep(latency)

    async def service(i, attempt):
        counts["service_calls"] += 1
        if loop.time() < OUTAGE_S:
            await asyncio.sleep(0.001)
            raise ServiceError(503)
        if random.uniform(SERVICE_STREAM + 0x300, i, 0) < BAD:
            await asyncio.sleep(0.001)
            raise ServiceError(400)
        work = asyncio.ensure_future(serve(seconds(latency_ns(random, "lognormal", 0.050, i, attempt))))
        await asyncio.shield(work)  # a caller that gives up does not stop the server
        if fails(random, FAILURE, i, attempt):
            raise ServiceError(500)

    async def attempt(i, k):
        if i in answered_400:
            counts["retries_after_400"] += 1
        try:
            async with asyncio.timeout(TIMEOUT_S):
                return await service(i, k)
        except ServiceError as e:
            if e.status == 400:
                answered_400.add(i)
            raise

    call = async_retry(max_attempts=ATTEMPTS, delay=DELAY, backoff=2.0, counts=counts)(attempt)
    last = [0.0]

    async def client(i):
        try:
            await call(i)
            counts["completed"] += 1
        except Exception:
            counts["failed"] += 1
        last[0] = loop.time()

    await asyncio.gather(*(client(i) for i in range(CLIENTS)))
    return {**counts, "work_makespan_s": last[0]}


def main_check():
    theirs = run(main)
    ours = coroscope(sys.argv[1], "retry", "exponential-guide")
    return 0 if compare([(k, v, ours.get(k, 0), 1e-6) for k, v in theirs.items()]) else 1


sys.exit(main_check())
