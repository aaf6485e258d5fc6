async def handle(items):
    # A plain call: the loop runs nothing else until every item is processed.
    return [cpu_intensive_task(item) for item in items]
