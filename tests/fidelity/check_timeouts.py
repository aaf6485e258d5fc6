#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: timeouts on every external call, in real asyncio on virtual time.

    check_timeouts.py COROSCOPE

200 requests arrive as a Poisson stream (20 a second) at a service that answers after a
lognormal latency (mean 150 ms, p99 900 ms) but hangs, never answering, on every call that
starts between 3 s and 5 s; the same arrival gaps and latencies as Coroscope's world (the
same keyed draws). Without a timeout, with asyncio.timeout(1) returning None, and with a
fallback; watched for 30 s. Exact: virtual time on both sides.
"""
import asyncio
import sys

from world import ARRIVAL_STREAM, KeyedRandom, compare, coroscope, exponential_ns, latency_ns, run, seconds

REQUESTS, RATE, TIMEOUT_S, HANG, HORIZON_S = 200, 20.0, 1.0, (3.0, 5.0), 30.0
random = KeyedRandom(1)


def program(use_timeout, fallback):
    async def call_service(i):
        loop = asyncio.get_running_loop()
        if HANG[0] <= loop.time() < HANG[1]:
            await loop.create_future()  # a hung connection: never answers
        await asyncio.sleep(seconds(latency_ns(random, "lognormal", 0.150, i, p99_s=0.900)))
        return f"answer {i}"

    async def main():
        loop = asyncio.get_running_loop()
        counts = {"completed": 0, "timed_out": 0, "empty_results": 0, "fallback_used": 0}

        async def request(i):
            if not use_timeout:
                await call_service(i)
                counts["completed"] += 1
                return
            try:
                async with asyncio.timeout(TIMEOUT_S):
                    await call_service(i)
                counts["completed"] += 1
            except TimeoutError:
                counts["timed_out"] += 1
                counts["fallback_used" if fallback else "empty_results"] += 1

        tasks = []
        for i in range(REQUESTS):
            await asyncio.sleep(seconds(exponential_ns(random, 1 / RATE, ARRIVAL_STREAM, i)))
            tasks.append(asyncio.create_task(request(i)))
        done, pending = await asyncio.wait(tasks, timeout=max(0.0, HORIZON_S - loop.time()))
        hung = len(pending)
        for t in pending:
            t.cancel()
        return {**counts, "hung": hung, "served": counts["completed"] + counts["fallback_used"],
                "makespan_s": loop.time()}
    return main


def main():
    rows = []
    for variant, use_timeout, fallback in (("no-timeout", False, False), ("timeout", True, False),
                                           ("timeout-fallback", True, True)):
        theirs = run(program(use_timeout, fallback))
        ours = coroscope(sys.argv[1], "timeouts", variant)
        rows += [(f"{variant} {k}", v, ours.get(k, 0), 1e-6) for k, v in theirs.items()]
    return 0 if compare(rows) else 1


sys.exit(main())
