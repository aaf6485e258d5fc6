pool = ProcessPoolExecutor(max_workers=4)   # one pool, not one per call

async def job(item):
    loop = asyncio.get_running_loop()
    # Parallel even for pure Python, at a price: the item is pickled
    # to a worker process, the result pickled back.
    return await loop.run_in_executor(pool, cpu_intensive_task, item)   #@ io@job, queued@job, cpu@job

async def main(items):
    jobs = (job(item) for item in items)
    return await asyncio.gather(*jobs)   #@ join@main
