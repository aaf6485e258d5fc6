class TokenBucket:
    def __init__(self, rate, capacity):
        self.rate, self.capacity = rate, capacity
        self.tokens = capacity   # starts full: the burst
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()   # waiters served in arrival order

    def _refill(self):
        now = time.monotonic()
        elapsed = now - self.updated
        refilled = self.tokens + elapsed * self.rate
        self.tokens = min(self.capacity, refilled)
        self.updated = now   # each moment counts as refill only once

    async def acquire(self):
        async with self.lock:   #@ queued@request
            self._refill()
            while self.tokens < 1:
                # Cancelled while waiting, it takes nothing.
                await asyncio.sleep((1 - self.tokens) / self.rate)   #@ queued@request
                self._refill()
            self.tokens -= 1

async def request(bucket, prompt):
    await bucket.acquire()
    return await client.complete(prompt)   # under the quota  #@ io@request

async def main(arrivals, rate=10, burst=10):
    bucket = TokenBucket(rate, capacity=burst)
    async with asyncio.TaskGroup() as tg:   # waits for every request  #@ join@main
        async for prompt in arrivals:
            tg.create_task(request(bucket, prompt))
