#!/usr/bin/env python3
"""Fidelity check: Coroscope's thread pool under a GIL against real CPython.

    check_executor_gil.py COROSCOPE

Runs `COROSCOPE --run executor --variant thread-pool-gil --set cpu_jitter=0 --json` and
executor_gil.py (the same batch on a real ThreadPoolExecutor), and compares the heartbeats
missed per second of the batch within +-30 %. Per second, because a real job's length
follows the machine's speed of the moment (the batch took 0.68-1.13 s here for a nominal
0.8 s), while the share of beats the loop misses does not (48-75 a second in twelve runs,
against the model's 64). A failed comparison is measured once more before it counts. The
batch's length and the worst wake-up are printed, not compared: CPython does not hand the
lock over in arrival order, so its worst wake-up is several switch intervals later than the
model's.
"""
import json
import pathlib
import subprocess
import sys

from world import coroscope

HERE = pathlib.Path(__file__).resolve().parent
TOLERANCE = 0.3


def asyncio_run():
    out = subprocess.run([sys.executable, str(HERE / "executor_gil.py")], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def missed_per_second(m):
    return m["heartbeat_misses"] / m["jobs_makespan_s"]


def main():
    ours = coroscope(sys.argv[1], "executor", "thread-pool-gil", ["cpu_jitter=0"])
    for attempt in (1, 2):
        real = asyncio_run()
        print(f"attempt {attempt}: missed heartbeats {ours['heartbeat_misses']:.0f} (Coroscope) "
              f"vs {real['heartbeat_misses']} (CPython {sys.version.split()[0]}), {missed_per_second(ours):.0f} "
              f"vs {missed_per_second(real):.0f} a second; batch {ours['jobs_makespan_s']:.3f} s vs "
              f"{real['jobs_makespan_s']:.3f} s; worst wake-up {ours['max_loop_lag_s'] * 1000:.0f} ms vs "
              f"{real['max_loop_lag_s'] * 1000:.0f} ms")
        if abs(missed_per_second(real) - missed_per_second(ours)) <= TOLERANCE * missed_per_second(ours):
            return 0
    print("outside the tolerance twice", file=sys.stderr)
    return 1


sys.exit(main())
