async def process_single_item(item):
    return await call_service(item)  # fails now and then  #@ io

async def process_items(items):
    results = []
    for item in items:      # one at a time: the sum of the latencies
        try:
            results.append(await process_single_item(item))
        except ServiceError as e:    # the error stays with its item
            results.append({"item": item, "error": str(e)})
    return results
