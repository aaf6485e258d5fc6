#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""The M/M/11 run of the performance issue in SimPy 3 and in Coroscope, timed as whole processes.

    tests/bench/peers/mmc_simpy.py COROSCOPE [RUNS]

lambda = 7/s, mean service 1.25 s, 11 servers, 300,000 customers, no timeout. Coroscope runs
`--run semaphore --variant semaphore ... --json`; SimPy runs the same queue (a Resource of
capacity 11, exponential gaps and services, the mean wait recorded) in a child python3.
Prints each side's median wall time and peak RSS over RUNS runs (default 5), and the ratio.
Needs Debian's python3-simpy3 (apt-get install python3-simpy3); without it, says so.
"""
import os
import statistics
import subprocess
import sys
import time

SIMPY = r'''
import random, simpy
LAMBDA, MEAN_SERVICE, SERVERS, CUSTOMERS = 7.0, 1.25, 11, 300_000
random.seed(1)
env = simpy.Environment()
servers = simpy.Resource(env, capacity=SERVERS)
waits = []
def customer(env):
    arrived = env.now
    with servers.request() as req:
        yield req
        waits.append(env.now - arrived)
        yield env.timeout(random.expovariate(1 / MEAN_SERVICE))
def arrivals(env):
    for _ in range(CUSTOMERS):
        yield env.timeout(random.expovariate(LAMBDA))
        env.process(customer(env))
env.process(arrivals(env))
env.run()
print(sum(waits) / len(waits))
'''
COROSCOPE_ARGS = ["--run", "semaphore", "--variant", "semaphore", "--set", "requests=300000", "--set", "limit=11",
                  "--set", "capacity=0", "--set", "latency=exponential", "--set", "latency_ms=1250", "--set",
                  "timeout_s=0", "--set", "arrival=poisson", "--set", "arrival_rate=7", "--json"]


def timed(command):
    """Wall time and that child's own peak RSS (KB)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{command[0]} failed with status {child.returncode}")
    return wall, usage.ru_maxrss


def main():
    try:
        subprocess.run([sys.executable, "-c", "import simpy"], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        print("SimPy 3 is not installed: apt-get install python3-simpy3")
        return 0
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    ours, theirs = [], []
    for _ in range(runs):  # interleaved: the machine's speed moves
        ours.append(timed([sys.argv[1]] + COROSCOPE_ARGS))
        theirs.append(timed([sys.executable, "-c", SIMPY]))
    o, t = statistics.median(w for w, _ in ours), statistics.median(w for w, _ in theirs)
    print(f"Coroscope: {o:.3f} s, peak RSS {statistics.median(r for _, r in ours) / 1024:.0f} MB")
    print(f"SimPy 3:   {t:.3f} s, peak RSS {statistics.median(r for _, r in theirs) / 1024:.0f} MB")
    print(f"Coroscope is {t / o:.1f}x faster (medians of {runs} interleaved runs)")
    return 0


sys.exit(main())
