async def worker(i):
    try:
        for step in range(STEPS):
            # A WorkerError ends the worker, and nobody hears of it.
            await do_step(i, step)   #@ io@worker
    except asyncio.CancelledError:
        await clean_up(i)   # flush, release, ack: only if cancelled
        raise

async def main():
    for i in range(WORKERS):
        asyncio.create_task(worker(i))   # handle dropped  #@ unretrieved, orphaned
    await asyncio.sleep(SHUTDOWN_S)   #@ sleep@main
    # main returns, the program exits: workers are cut off mid-step.
    # (asyncio.run would cancel leftovers first; a stopped loop or a
    # killed process does not.)
