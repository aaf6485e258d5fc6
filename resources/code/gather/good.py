async def process_items(items):
    results = await asyncio.gather(*(process_single_item(item) for item in items),
                                   return_exceptions=True)
    processed = []
    for item, result in zip(items, results):
        if isinstance(result, Exception):
            processed.append({"item": item, "error": str(result)})
        else:
            processed.append(result)
    return processed
