#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""CPU-bound jobs on a thread pool under CPython's GIL, next to a heartbeat on the loop.

The same measurement as `coroscope --run executor --variant thread-pool-gil --set cpu_jitter=0`:
JOBS jobs of CPU_MS of pure-Python work on a ThreadPoolExecutor of WORKERS threads, a task that
sleeps HEARTBEAT_MS in a loop, and for each beat the number of beats that should have happened
while it was late. Prints one JSON object: heartbeat_misses, max_loop_lag_s, jobs_makespan_s.

Standard library only. Wall-clock, so noisy: run it on an otherwise idle machine.
"""
import asyncio
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

JOBS, CPU_MS, WORKERS, HEARTBEAT_MS = 16, 50, 4, 10


def spin(n):
    x = 0
    for i in range(n):
        x += i * i
    return x


def calibrate(ms):
    """Iterations of spin() that take about ms of CPU on this machine."""
    n = 100_000
    while True:
        t = time.perf_counter()
        spin(n)
        took = time.perf_counter() - t
        if took > 0.05:
            return int(n * ms / 1000 / took)
        n *= 2


async def main():
    if len(sys.argv) > 1:
        sys.setswitchinterval(float(sys.argv[1]) / 1000)
    n = calibrate(CPU_MS)
    loop = asyncio.get_running_loop()
    finished = False
    misses = 0
    max_lag = 0.0
    interval = HEARTBEAT_MS / 1000

    async def heartbeat():
        nonlocal misses, max_lag
        while not finished:
            due = loop.time() + interval
            await asyncio.sleep(interval)
            late = loop.time() - due
            max_lag = max(max_lag, late)
            misses += int(late // interval)

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.05)  # the heartbeat settles
    start = loop.time()
    with ThreadPoolExecutor(WORKERS) as pool:
        await asyncio.gather(*(loop.run_in_executor(pool, spin, n) for _ in range(JOBS)))
    makespan = loop.time() - start
    finished = True
    await beat
    print(json.dumps({"heartbeat_misses": misses, "max_loop_lag_s": round(max_lag, 4),
                      "jobs_makespan_s": round(makespan, 4)}))


asyncio.run(main())
