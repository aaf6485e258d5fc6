async def handle_stream():
    items = [item async for item in data_stream()]   # everything in memory, nothing processed yet
    return [await process_item(item) for item in items]
