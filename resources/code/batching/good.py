class MicroBatcher:
    """Flush when the batch is full or its oldest item has waited `linger` seconds."""
    def __init__(self, send_batch, max_size=10, linger=0.1):
        self.send_batch, self.max_size, self.linger = send_batch, max_size, linger
        self.pending, self.timer = [], None

    async def submit(self, item):
        future = asyncio.get_running_loop().create_future()
        self.pending.append((item, future))
        if len(self.pending) == 1:
            self.timer = asyncio.get_running_loop().call_later(self.linger, self._flush)
        if len(self.pending) >= self.max_size:
            self._flush()
        return await future

    def _flush(self):
        if self.timer:
            self.timer.cancel()
        batch, self.pending = self.pending, []
        if batch:
            asyncio.create_task(self._send(batch))

    async def _send(self, batch):
        try:
            results = await self.send_batch([item for item, _ in batch])
            for (_, future), result in zip(batch, results):
                future.set_result(result)
        except Exception as e:
            for _, future in batch:
                future.set_exception(e)
