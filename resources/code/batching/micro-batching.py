class MicroBatcher:
    """A batch leaves when full or when its oldest item has waited
    `linger` seconds, whichever comes first."""
    def __init__(self, send_batch, max_size=10, linger=0.1):
        self.send_batch, self.max_size = send_batch, max_size
        self.linger, self.pending, self.flushes = linger, [], set()

    async def submit(self, item):
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((item, future))
        if len(self.pending) == 1:   # the oldest item starts the clock
            self.timer = loop.call_later(self.linger, self._flush_now)
        if len(self.pending) >= self.max_size:
            self._flush_now()
        return await future   # until its batch has answered  #@ queued@item

    def _flush_now(self):
        self.timer.cancel()
        batch, self.pending = self.pending, []
        # Its own task, so a slow batch holds up no other; kept, not lost.
        task = asyncio.create_task(self._flush(batch))
        self.flushes.add(task)
        task.add_done_callback(self.flushes.discard)

    async def _flush(self, batch):
        try:
            results = await self.send_batch([x for x, _ in batch])   #@ io@flush
            for (_, future), result in zip(batch, results):
                if not future.done():   # its caller may have given up
                    future.set_result(result)
        except Exception as e:   # a failed batch fails all its items
            for _, future in batch:
                if not future.done():
                    future.set_exception(e)

async def main(arrivals):
    batcher = MicroBatcher(client.embed_batch, max_size=10, linger=0.1)
    async with asyncio.TaskGroup() as tg:   # waits for every item  #@ join@main
        async for text in arrivals:
            tg.create_task(batcher.submit(text))
