async def process_single_item(item):
    return await call_service(item)  # fails now and then  #@ io@item

async def process_items(items):
    results = await asyncio.gather(  # waits for every item  #@ join@main
        *(process_single_item(item) for item in items),
        return_exceptions=True,      # a failure comes back as a value
    )
    processed = []
    for item, result in zip(items, results):
        if isinstance(result, Exception):  # not a result  #@ failed@item
            processed.append({"item": item, "error": str(result)})
        else:
            processed.append(result)
    return processed
