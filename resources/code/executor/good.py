process_pool = ProcessPoolExecutor(max_workers=4)     # one pool per process, not per call

async def handle(items):
    loop = asyncio.get_running_loop()
    return await asyncio.gather(
        *(loop.run_in_executor(process_pool, cpu_intensive_task, item) for item in items)
    )
