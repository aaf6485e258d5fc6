#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: calls that end at the same instant, in asyncio and in Coroscope.

    check_gather_ties.py COROSCOPE

50 calls of exactly 100 ms, with a failure among them, under a fail-fast asyncio.gather:
asyncio moves every timer due into the ready queue before it runs any callback, so all 50
calls end in one iteration, before gather has raised, and none finishes for nobody.
Coroscope's `--run gather --set latency=fixed` must count the same: results_nobody_reads = 0
(an engine that ran one timer's task before the next timer due at that instant counted 45).
asyncio runs on a virtual clock (world.VirtualLoop), so the 50 calls end at exactly the same
instant, as Coroscope's do: the count is exact, with no tolerance.
"""
import asyncio
import sys

from world import coroscope, run

ITEMS, LATENCY = 50, 0.1


async def asyncio_unread(failing):
    order = []

    async def call(i):
        await asyncio.sleep(LATENCY)
        if i == failing:
            raise RuntimeError(f"item {i}")
        return i

    tasks = [asyncio.ensure_future(call(i)) for i in range(ITEMS)]
    for t in tasks:
        t.add_done_callback(lambda t: order.append("call"))
    outer = asyncio.gather(*tasks)
    outer.add_done_callback(lambda f: order.append("gather"))
    try:
        await outer
    except RuntimeError:
        pass
    await asyncio.sleep(LATENCY)
    return len(order) - 1 - order.index("gather")  # calls that ended after gather had raised


def main():
    ours = coroscope(sys.argv[1], "gather", "gather-fail-fast",
                     ["latency=fixed", f"items={ITEMS}", f"latency_ms={LATENCY * 1000:g}"])["results_nobody_reads"]
    theirs = {run(lambda: asyncio_unread(k)) for k in (0, 17, ITEMS - 1)}
    print(f"results nobody reads: {ours:.0f} (Coroscope) vs {sorted(theirs)} (asyncio, failing item first, middle, last)")
    return 0 if theirs == {ours} else 1


sys.exit(main())
