async def fetch_all(items, limit=10):
    sem = asyncio.Semaphore(limit)          # one semaphore, shared by all requests

    async def fetch(item):
        async with sem:                     # wait here, on our side, for a permit
            return await asyncio.wait_for(call_service(item), timeout=2.0)

    return await asyncio.gather(*(fetch(item) for item in items), return_exceptions=True)
