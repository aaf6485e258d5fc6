#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The contention world against the "Exponential Backoff And Jitter" analysis' model.

    backoff_analysis.py COROSCOPE [SEEDS]

Averages writes and completion time over SEEDS seeds (default 20) for 10 to 200 clients,
from `COROSCOPE --run retry --set world=contention` run as the analysis ran its simulator
(base 5 ms, cap 2 s, no limit on attempts), and from an independent implementation of the
same model written here: one row with a version; each client reads it and writes it back,
four messages of |Normal(10 ms, 2 ms)|; the server reads the version when the read request
arrives and writes only if it is unchanged when the write request arrives; after a failed
write response the client backs off, then reads again; attempts count from 1, so the first
retry waits base * 2. Prints a Markdown table. Not part of ctest: it takes a minute.
"""
import heapq
import json
import random
import statistics
import subprocess
import sys

BASE, CAP = 0.005, 2.0
CLIENTS = (10, 50, 100, 200)
KINDS = (("immediate", "none"), ("exponential", "exponential"), ("equal-jitter", "equal"),
         ("full-jitter", "full"), ("decorrelated-jitter", "decorrelated"))


def pause(kind, n, last, rnd):
    e = min(CAP, BASE * 2 ** n)
    if kind == "none":
        return 0.0
    if kind == "exponential":
        return e
    if kind == "full":
        return rnd.uniform(0, e)
    if kind == "equal":
        return e / 2 + rnd.uniform(0, e / 2)
    return min(CAP, rnd.uniform(BASE, last * 3))  # decorrelated, from base


def reference(clients, kind, seed):
    """Writes, and when the last client has its successful write response."""
    rnd = random.Random(seed)
    message = lambda: abs(rnd.normalvariate(0.010, 0.002))
    version, writes, end, order = 0, 0, 0.0, 0
    events = []
    retries, seen, last = [0] * clients, [0] * clients, [BASE] * clients

    def at(t, client, what):
        nonlocal order
        heapq.heappush(events, (t, order, client, what))
        order += 1

    for c in range(clients):
        at(message(), c, "read")
    while events:
        t, _, c, what = heapq.heappop(events)
        if what == "read":
            seen[c] = version
            at(t + message() + message(), c, "write")
        elif what == "write":
            writes += 1
            landed = version == seen[c]
            version += landed
            at(t + message(), c, "landed" if landed else "conflict")
        elif what == "landed":
            end = max(end, t)
        else:
            retries[c] += 1
            last[c] = pause(kind, retries[c], last[c], rnd)
            at(t + last[c] + message(), c, "read")
    return writes, end


def coroscope(binary, clients, seed):
    args = [binary, "--run", "retry", "--seed", str(seed), "--json"]
    for key, value in (("world", "contention"), ("clients", clients), ("base_ms", BASE * 1000), ("cap_s", CAP),
                       ("max_attempts", 1000)):
        args += ["--set", f"{key}={value:g}" if isinstance(value, float) else f"{key}={value}"]
    for variant, _ in KINDS:
        args += ["--variant", variant]
    results = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)["results"]
    return {r["variant"]: (r["metrics"]["service_calls"], r["metrics"]["work_makespan_s"]) for r in results}


def main():
    binary = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print(f"| clients | backoff | writes: Coroscope | writes: the model | time: Coroscope | time: the model |")
    print("|---|---|---|---|---|---|")
    for clients in CLIENTS:
        ours = [coroscope(binary, clients, s) for s in range(1, seeds + 1)]
        for variant, kind in KINDS:
            theirs = [reference(clients, kind, s) for s in range(seeds)]
            w = statistics.mean(o[variant][0] for o in ours)
            t = statistics.mean(o[variant][1] for o in ours)
            rw = statistics.mean(r[0] for r in theirs)
            rt = statistics.mean(r[1] for r in theirs)
            print(f"| {clients} | {variant} | {w:.0f} | {rw:.0f} | {t:.2f} s | {rt:.2f} s |")


main()
