pool = ThreadPoolExecutor(max_workers=4)   # four threads, one GIL

async def job(item):
    loop = asyncio.get_running_loop()
    # Pure-Python work holds the GIL: one job computes at a time, and
    # each time the loop wakes it must win the GIL back from them.
    return await loop.run_in_executor(pool, cpu_intensive_task, item)   #@ queued@job, cpu@job

async def main(items):
    jobs = (job(item) for item in items)
    return await asyncio.gather(*jobs)   #@ join@main
