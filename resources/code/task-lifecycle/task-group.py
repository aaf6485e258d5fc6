async def worker(i):
    try:
        for step in range(STEPS):
            try:
                await do_step(i, step)   #@ io@worker
            except WorkerError:
                # Seen and logged, and the worker goes on.
                log.exception("worker %d, step %d", i, step)
    except asyncio.CancelledError:
        await clean_up(i)   # flush, release, acknowledge
        raise               # and stay cancellable

async def main():
    # The end of the block waits for every worker.
    async with asyncio.TaskGroup() as tg:   #@ join@main
        workers = [tg.create_task(worker(i)) for i in range(WORKERS)]
        await asyncio.sleep(SHUTDOWN_S)   #@ sleep@main
        for w in workers:
            w.cancel()   # shutdown: cancel, then wait for the cleanups
