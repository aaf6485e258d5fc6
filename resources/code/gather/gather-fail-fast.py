async def process_single_item(item):
    return await call_service(item)  # fails now and then  #@ io@item

async def process_items(items):
    tasks = [asyncio.create_task(process_single_item(item))
             for item in items]
    try:
        # raises the first failure at once
        return await asyncio.gather(*tasks)  #@ join@main
    except ServiceError as e:  # which item? and the rest?  #@ failed@item
        log.error("batch failed: %s", e)
        return []  # every result lost; the other tasks run on
