async def process_items(items):
    # The first failure raises here; every other result is lost to the caller,
    # and the remaining calls keep running with nobody waiting for them.
    return await asyncio.gather(*(process_single_item(item) for item in items))
