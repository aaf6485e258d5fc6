def is_transient(e):
    return isinstance(e, (asyncio.TimeoutError, ConnectionError)) or getattr(e, "status", 0) in (429, 500, 502, 503, 504)

async def call_with_retry(func, attempts=8, base=0.1, cap=5.0):
    for attempt in range(attempts):
        try:
            return await func()
        except Exception as e:
            if attempt == attempts - 1 or not is_transient(e):
                raise
            await asyncio.sleep(random.uniform(0, min(cap, base * 2 ** attempt)))   # full jitter
