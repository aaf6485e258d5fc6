async def job(item):
    # A plain call: the loop runs nothing else until it returns.
    return cpu_intensive_task(item)   #@ blocked-loop@job

async def main(items):
    jobs = (job(item) for item in items)
    return await asyncio.gather(*jobs)   #@ join@main
