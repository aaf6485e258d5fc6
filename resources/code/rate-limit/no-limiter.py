async def request(prompt):
    try:
        # Everything goes out at once, whatever the quota.
        return await client.complete(prompt)   #@ io@request
    except RateLimitError:   # a 429: paid for, did nothing  #@ refused
        return None

async def main(arrivals):
    # The end of the block waits for every request.
    async with asyncio.TaskGroup() as tg:   #@ join@main
        async for prompt in arrivals:
            tg.create_task(request(prompt))
