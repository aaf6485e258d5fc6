async def start_workers(n):
    for i in range(n):
        asyncio.create_task(worker(i))   # no reference kept: errors unseen, orphaned at exit
