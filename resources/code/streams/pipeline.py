async def consumer(queue):
    while (item := await queue.get()) is not None:   #@ channel@consumer
        await process_item(item)   #@ io@consumer

async def handle_stream(consumers=4, queue_size=10):
    queue = asyncio.Queue(maxsize=queue_size)   # bounded: backpressure
    # The end of the block waits for the consumers.
    async with asyncio.TaskGroup() as tg:   #@ join@main
        for _ in range(consumers):
            tg.create_task(consumer(queue))
        async for item in data_stream():   #@ channel@main
            await queue.put(item)   # waits while the queue is full
        for _ in range(consumers):
            await queue.put(None)   # an end marker per consumer
