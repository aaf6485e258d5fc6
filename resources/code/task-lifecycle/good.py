async def worker(i):
    for step in range(STEPS):
        try:
            await do_step(i, step)
        except WorkerError:
            log.exception("worker %d step %d failed", i, step)   # seen, and the worker goes on

async def run_service(n, shutdown: asyncio.Event):
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(worker(i)) for i in range(n)]
        await shutdown.wait()
        for t in tasks:
            t.cancel()
    # leaving the block waits for every worker to finish its cleanup
