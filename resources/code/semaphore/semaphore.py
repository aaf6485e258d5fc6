limit = asyncio.Semaphore(10)  # one semaphore, shared by all requests

async def request(item):
    async with limit:          # wait here, on our side  #@ queued
        try:
            async with asyncio.timeout(2.0):  # starts with the permit
                return await call_service(item)  #@ io@request, join@request
        except TimeoutError:  #@ timed-out
            log.warning("request %s timed out", item)
        except ServiceError as e:  #@ failed
            log.warning("request %s failed: %s", item, e)

async def main(items):
    # all 400 start now, but at most 10 reach the server at a time
    await asyncio.gather(*(request(item) for item in items))  #@ join@main
