async def fetch_or_fallback(url, limit=1.0):
    try:
        async with asyncio.timeout(limit):  # cancels the await inside
            data = await fetch_data(url)  #@ io, hung
        return {"data": data, "fallback": False}
    except TimeoutError:                    #@ timed-out
        log.warning("%s: no answer in %.1fs, cached copy", url, limit)
        # a real answer, and the caller can tell it is a fallback
        return {"data": cache.get(url, DEFAULT), "fallback": True}

async def main(urls):
    tasks = [asyncio.create_task(fetch_or_fallback(u)) for u in urls]
    done, hung = await asyncio.wait(tasks, timeout=30)  #@ join@main
