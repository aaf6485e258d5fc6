async def request(i):
    try:
        async with asyncio.timeout(1.0):
            # Down or not, every call goes to the service.
            return await client.call(i)   #@ io@request, hung@request
    except TimeoutError:   # a hanging outage: waited out  #@ timed-out
        log.warning("request %d timed out", i)
    except ServiceError:   # a failing outage: a 503 each time  #@ failed
        log.warning("request %d failed", i)

async def main(arrivals):
    # The end of the block waits for every request.
    async with asyncio.TaskGroup() as tg:   #@ join@main
        async for i in arrivals:
            tg.create_task(request(i))
