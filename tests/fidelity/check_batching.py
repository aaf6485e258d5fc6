#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: batching AI API calls, in real asyncio on virtual time.

    check_batching.py COROSCOPE

100 items arrive as a Poisson stream (50 a second), with the same gaps as in Coroscope's
world (the same keyed draws). One call per item (lognormal latency, mean 300 ms, the same
draws), the guide's processor (the whole list, then batches of 10 one after another with a
0.5 s pause between them) and the same batches sent concurrently; a batch call takes
400 ms + 10 ms per item; a request costs $0.01 plus $0.001 per item. Calls, cost, when the
last item is done, and each item's latency from its arrival. Exact: virtual time.
"""
import asyncio
import sys

from world import ARRIVAL_STREAM, KeyedRandom, compare, coroscope, exponential_ns, latency_ns, run, seconds

ITEMS, RATE, SIZE, PAUSE_S, FEE, PRICE = 100, 50.0, 10, 0.5, 0.01, 0.001
random = KeyedRandom(1)


def program(kind):
    async def main():
        loop = asyncio.get_running_loop()
        counts = {"service_calls": 0, "cost": 0.0}
        arrived, latencies, tasks = {}, [], []

        def bill(items):
            counts["service_calls"] += 1
            counts["cost"] += FEE + PRICE * items

        def done(i):
            latencies.append(loop.time() - arrived[i])

        async def one_call(i):
            bill(1)
            await asyncio.sleep(seconds(latency_ns(random, "lognormal", 0.300, i)))
            done(i)

        async def send_batch(batch):
            bill(len(batch))
            await asyncio.sleep(0.400 + 0.010 * len(batch))
            for i in batch:
                done(i)

        collected = []
        for i in range(ITEMS):
            await asyncio.sleep(seconds(exponential_ns(random, 1 / RATE, ARRIVAL_STREAM, i)))
            arrived[i] = loop.time()
            if kind == "one-per-item":
                tasks.append(asyncio.create_task(one_call(i)))
            else:
                collected.append(i)
        batches = [collected[s:s + SIZE] for s in range(0, len(collected), SIZE)]
        if kind == "guide-batches":  # the guide's processor: one batch after another, a pause between
            for n, batch in enumerate(batches):
                await send_batch(batch)
                if n + 1 < len(batches):
                    await asyncio.sleep(PAUSE_S)
        elif kind == "concurrent-batches":
            tasks += [asyncio.create_task(send_batch(b)) for b in batches]
        await asyncio.gather(*tasks)
        return {**counts, "makespan_s": loop.time(), "latency_mean_s": sum(latencies) / len(latencies),
                "latency_max_s": max(latencies)}
    return main


def main():
    rows = []
    for variant in ("one-per-item", "guide-batches", "concurrent-batches"):
        theirs = run(program(variant))
        ours = coroscope(sys.argv[1], "batching", variant)
        rows += [(f"{variant} {k}", v, ours.get(k, 0), 1e-6) for k, v in theirs.items()]
    return 0 if compare(rows) else 1


sys.exit(main())
