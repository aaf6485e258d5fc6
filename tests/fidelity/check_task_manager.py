#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# SPDX-FileCopyrightText: 2026 The Coroscope developers
"""Fidelity check: the guide's TaskManager, as our snippet shows it, in real asyncio.

    check_task_manager.py COROSCOPE

20 workers of 50 steps of 100 ms; a step fails where Coroscope's world fails it (the same
keyed draws); shutdown at 3 s, 200 ms of cleanup for a cancelled worker. What asyncio itself
reports is counted: the "Task exception was never retrieved" lines its exception handler
gets (errors only logged), and nothing else sees them (errors handled: 0). Virtual time.
"""
import asyncio
import gc
import sys

from world import SERVICE_STREAM, KeyedRandom, compare, coroscope, run

WORKERS, STEPS, STEP_S, FAILURE, SHUTDOWN_S, CLEANUP_S = 20, 50, 0.1, 0.02, 3.0, 0.2
random = KeyedRandom(1)
counts = {"steps_done": 0, "cleanups": 0, "errors_only_logged": 0}


class WorkerError(Exception):
    pass


class TaskManager:
    def __init__(self):
        self.tasks = []

    def create_task(self, coro):
        task = asyncio.create_task(coro)
        self.tasks.append(task)
        task.add_done_callback(lambda t: self.tasks.remove(t))
        return task

    async def cancel_all(self):
        for task in self.tasks:
            if not task.done():
                task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.tasks.clear()


async def do_step(i, step):
    await asyncio.sleep(STEP_S)
    if random.uniform(SERVICE_STREAM, i, step) < FAILURE:
        raise WorkerError(f"worker {i}, step {step}")
    counts["steps_done"] += 1


async def clean_up(i):
    await asyncio.sleep(CLEANUP_S)
    counts["cleanups"] += 1


async def worker(i):
    try:
        for step in range(STEPS):
            await do_step(i, step)
    except asyncio.CancelledError:
        await clean_up(i)
        raise


async def main():
    loop = asyncio.get_running_loop()

    def handler(loop, context):
        if context.get("message") == "Task exception was never retrieved":
            counts["errors_only_logged"] += 1

    loop.set_exception_handler(handler)
    manager = TaskManager()
    for i in range(WORKERS):
        manager.create_task(worker(i))
    await asyncio.sleep(SHUTDOWN_S)
    shutdown = loop.time()
    await manager.cancel_all()
    gc.collect()
    return {**counts, "errors_handled": 0, "shutdown_time_s": loop.time() - shutdown, "makespan_s": loop.time()}


def main_check():
    theirs = run(main)
    ours = coroscope(sys.argv[1], "task-lifecycle", "guide-task-manager")
    return 0 if compare([(k, v, ours.get(k, 0), 1e-6) for k, v in theirs.items()]) else 1


sys.exit(main_check())
