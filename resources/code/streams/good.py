async def handle_stream(consumers=4, queue_size=10):
    queue = asyncio.Queue(maxsize=queue_size)

    async def produce():
        async for item in data_stream():
            await queue.put(item)                 # waits while the queue is full: backpressure
        for _ in range(consumers):
            await queue.put(None)                 # one end-of-stream marker per consumer

    async def consume():
        while (item := await queue.get()) is not None:
            await process_item(item)

    async with asyncio.TaskGroup() as tg:
        tg.create_task(produce())
        for _ in range(consumers):
            tg.create_task(consume())
