# The guide's AIBatchProcessor (Practice 10), step for step.
class AIBatchProcessor:
    def __init__(self, batch_size=10, delay=0.5):
        self.batch_size, self.delay = batch_size, delay

    async def process_texts(self, texts):
        results = []
        for i in range(0, len(texts), self.batch_size):
            batch = texts[i:i + self.batch_size]
            # One batch at a time...
            results.extend(await self._process_batch(batch))
            if i + self.batch_size < len(texts):
                # ...and a fixed pause: neither a limit nor a rate.
                await asyncio.sleep(self.delay)   #@ sleep@main
        return results

    async def _process_batch(self, batch):
        return await client.embed_batch(batch)   # one request  #@ io@main

async def main(arrivals):
    texts = [text async for text in arrivals]   # the whole list first
    return await AIBatchProcessor().process_texts(texts)
