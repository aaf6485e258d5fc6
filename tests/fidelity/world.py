# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""What the fidelity checks share: Coroscope's keyed randomness, ported bit for bit, so that a
Python program meets the same world as a Coroscope run (the same latency and the same
failure for each item), and an asyncio event loop on virtual time, so that it runs in
milliseconds and exactly, with no wall-clock noise.

Standard library only.
"""
import asyncio
import json
import math
import selectors
import subprocess

MASK = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15
SERVICE_STREAM, ARRIVAL_STREAM, JITTER_STREAM = 1, 10, 20  # scenarios/common.h


def _mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


class KeyedRandom:
    """engine/random.cpp: a draw is a pure function of (seed, stream, item, attempt, draw)."""

    def __init__(self, seed):
        self.seed = seed

    def bits(self, stream, item, attempt, draw=0):
        h = _mix((self.seed + GOLDEN) & MASK)
        h = _mix(h ^ ((stream + GOLDEN) & MASK))
        h = _mix(h ^ ((item + 2 * GOLDEN) & MASK))
        h = _mix(h ^ ((attempt + 3 * GOLDEN) & MASK))
        return _mix(h ^ ((draw + 4 * GOLDEN) & MASK))

    def uniform(self, stream, item, attempt, draw=0):
        return (self.bits(stream, item, attempt, draw) >> 11) * 2.0 ** -53

    def uniform_open(self, stream, item, attempt, draw=0):
        return ((self.bits(stream, item, attempt, draw) >> 11) + 0.5) * 2.0 ** -53

    def normal(self, stream, item, attempt, draw=0):
        u1 = self.uniform_open(stream, item, attempt, 2 * draw)
        u2 = self.uniform(stream, item, attempt, 2 * draw + 1)
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def seconds(ns):
    return ns / 1e9


def to_ns(s):
    """fromSeconds(): a duration_cast of double seconds to nanoseconds (truncates)."""
    return int(s * 1e9)


def exponential_ns(random, mean_s, stream, item, attempt=0):
    return to_ns(-mean_s * math.log(random.uniform_open(stream, item, attempt)))


def latency_ns(random, kind, mean_s, item, attempt=0, stream=SERVICE_STREAM, p99_s=None):
    """latencyDistribution() sampled as Service::call() does, in nanoseconds (a lognormal is
    given by its mean and p99, 6 x the mean unless said)."""
    if kind == "fixed":
        return to_ns(mean_s)
    if kind == "exponential":
        return exponential_ns(random, mean_s, stream, item, attempt)
    z = 2.3263478740408408
    m = max(mean_s, 1e-12)
    ratio = math.log(max(6 * mean_s if p99_s is None else p99_s, m) / m)
    s = z - math.sqrt(max(z * z - 2.0 * ratio, 0.0))
    mu = math.log(m) - s * s / 2.0
    return to_ns(math.exp(mu + s * random.normal(stream, item, attempt)))


def fails(random, probability, item, attempt=0, stream=SERVICE_STREAM):
    """Service::call()'s failure draw."""
    return random.uniform(stream + 0x100, item, attempt) < probability


class _Selector(selectors.DefaultSelector):
    def __init__(self, clock):
        super().__init__()
        self._clock = clock

    def select(self, timeout=None):
        if timeout:
            self._clock[0] += round(timeout * 1e9)  # nothing to wait for but timers: jump
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    """asyncio's own loop, iterations and all, with a clock that jumps to the next timer."""

    def __init__(self):
        self._clock = [0]
        super().__init__(_Selector(self._clock))
        self._clock_resolution = 1e-9

    def time(self):
        return self._clock[0] / 1e9


def run(main):
    loop = VirtualLoop()
    try:
        return loop.run_until_complete(main())
    finally:
        loop.close()


def coroscope(binary, scenario, variant, settings=(), seed=1):
    args = [binary, "--run", scenario, "--variant", variant, "--seed", str(seed), "--json"]
    for s in settings:
        args += ["--set", s]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["results"][0]["metrics"]


def compare(rows):
    """rows: (what, asyncio, coroscope, tolerance). Prints them; True when all agree."""
    ok = True
    for what, theirs, ours, tolerance in rows:
        agree = abs(theirs - ours) <= tolerance
        ok = ok and agree
        print(f"{'ok ' if agree else 'BAD'} {what}: asyncio {theirs:g}, Coroscope {ours:g}")
    return ok
