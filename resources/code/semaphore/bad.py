async def fetch_all(items):
    # Every request starts now; the service queues what it cannot serve,
    # and the queue eats into each request's timeout.
    return await asyncio.gather(
        *(asyncio.wait_for(call_service(item), timeout=2.0) for item in items),
        return_exceptions=True,
    )
