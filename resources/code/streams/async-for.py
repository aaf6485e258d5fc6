# The guide's stream processing (Practice 8), step for step.
async def data_stream():
    for i in range(ITEMS):
        await asyncio.sleep(FETCH_S)   # the next item takes a while
        yield {"id": i}

async def handle_stream():
    async for item in data_stream():   # asked for only now  #@ channel@main
        result = await process_item(item)   # no fetching meanwhile  #@ io@main
        log.info("processed %s", result)
