# The guide's AIBatchProcessor.process_texts, as written.
async def process_texts(self, texts):
    results = []
    for i in range(0, len(texts), self.batch_size):
        batch = texts[i:i + self.batch_size]
        results.extend(await self._process_batch(batch))   # one batch at a time
        if i + self.batch_size < len(texts):
            await asyncio.sleep(self.delay)                 # a fixed pause "for rate limiting"
    return results
