async def request(item):
    try:
        # the clock ticks while the server queues us
        async with asyncio.timeout(2.0):
            return await call_service(item)  #@ io@request, join@request
    except TimeoutError:  # the server works on, for nobody  #@ timed-out
        log.warning("request %s timed out", item)
    except ServiceError as e:  #@ failed
        log.warning("request %s failed: %s", item, e)

async def main(items):
    # all 400 go now; the server serves 10 at a time, queues the rest
    await asyncio.gather(*(request(item) for item in items))  #@ join@main
