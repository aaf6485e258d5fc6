async def handle_stream():
    # The whole stream in memory before anything is processed.
    items = [item async for item in data_stream()]   #@ channel@main
    results = []
    for item in items:
        # The first result waits for the last item.
        results.append(await process_item(item))   #@ io@main
    return results
