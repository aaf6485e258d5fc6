#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: asyncio.gather both ways, and one by one, in real asyncio on virtual time.

    check_gather.py COROSCOPE

The guide's pattern as our Python snippets show it, against a fake service that sleeps each
item's latency and fails the items Coroscope's world fails (the same keyed draws): results
kept, errors reported, the calls that finish after a fail-fast gather has raised, when it
raised, and when the last call ends. Virtual time on both sides, so to the nanosecond.
"""
import asyncio
import sys

from world import KeyedRandom, compare, coroscope, fails, latency_ns, run, seconds

ITEMS, FAILURE, MEAN = 50, 0.05, 0.1
random = KeyedRandom(1)


class ServiceError(Exception):
    pass


def make(state):
    async def fetch(i):
        await asyncio.sleep(seconds(latency_ns(random, "lognormal", MEAN, i)))
        if fails(random, FAILURE, i):
            raise ServiceError(f"item {i}: 500")
        if state.get("gave_up"):
            state["nobody_reads"] += 1  # a result, after gather had already raised
        return i
    return fetch


async def sequential():
    state = {"nobody_reads": 0}
    fetch, kept, reported = make(state), 0, 0
    for i in range(ITEMS):
        try:
            await fetch(i)
            kept += 1
        except ServiceError:
            reported += 1
    return {"results_kept": kept, "errors_reported": reported, "makespan_s": asyncio.get_running_loop().time()}


async def gather_fail_fast():
    state = {"nobody_reads": 0}
    fetch, loop = make(state), asyncio.get_running_loop()
    tasks = [asyncio.ensure_future(fetch(i)) for i in range(ITEMS)]
    out = {}
    try:
        out["results_kept"] = len(await asyncio.gather(*tasks))
        out["errors_reported"] = 0
    except ServiceError:
        out["results_kept"], out["errors_reported"] = 0, 1
        out["time_to_exception_s"] = loop.time()
        state["gave_up"] = True
    await asyncio.wait(tasks)  # the others run on; the run ends with the last of them
    out["results_nobody_reads"] = state["nobody_reads"]
    out["makespan_s"] = loop.time()
    return out


async def gather_return_exceptions():
    fetch = make({"nobody_reads": 0})
    outcomes = await asyncio.gather(*(fetch(i) for i in range(ITEMS)), return_exceptions=True)
    reported = sum(isinstance(o, Exception) for o in outcomes)
    return {"results_kept": len(outcomes) - reported, "errors_reported": reported,
            "makespan_s": asyncio.get_running_loop().time()}


def main():
    rows = []
    for variant, program in (("sequential", sequential), ("gather-fail-fast", gather_fail_fast),
                             ("gather-return-exceptions", gather_return_exceptions)):
        theirs = run(program)
        ours = coroscope(sys.argv[1], "gather", variant)
        for metric, value in theirs.items():
            rows.append((f"{variant} {metric}", value, ours.get(metric, 0), 1e-6))
    return 0 if compare(rows) else 1


sys.exit(main())
