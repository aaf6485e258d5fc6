# The guide's fetch_with_timeout, in our words: a timeout gives None.
async def fetch_or_none(url, limit=1.0):
    try:
        async with asyncio.timeout(limit):  # cancels the await inside
            return await fetch_data(url)    #@ io, hung
    except TimeoutError:                    #@ timed-out
        print(f"{url}: no answer within {limit}s")
        return None  # the wait ends, but the caller gets nothing

async def main(urls):
    tasks = [asyncio.create_task(fetch_or_none(u)) for u in urls]
    done, hung = await asyncio.wait(tasks, timeout=30)  #@ join@main
