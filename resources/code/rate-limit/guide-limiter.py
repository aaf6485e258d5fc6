# The guide's RateLimiter (Practice 11), step for step.
class RateLimiter:
    def __init__(self, rate, per=1.0):
        self.rate, self.per, self.allowance = rate, per, rate
        self.last_check, self.lock = time.monotonic(), asyncio.Lock()

    async def acquire(self):
        async with self.lock:   # callers line up here...  #@ queued@request
            current = time.monotonic()
            time_passed = current - self.last_check
            self.last_check = current
            self.allowance += time_passed * (self.rate / self.per)
            if self.allowance > self.rate:
                self.allowance = self.rate
            if self.allowance < 1.0:
                wait = (1.0 - self.allowance) * (self.per / self.rate)
                await asyncio.sleep(wait)   # ...behind this sleep  #@ queued@request
                # last_check stays before the sleep: the next caller
                # counts the same time as refill once more.
                self.allowance = 1.0
            self.allowance -= 1.0

async def request(limiter, prompt):
    await limiter.acquire()
    try:
        return await client.complete(prompt)   #@ io@request
    except RateLimitError:   # twice the rate goes out: 429s  #@ refused
        return None

async def main(arrivals, rate=10, burst=10):
    # Configured for the same rate and burst as the token bucket.
    limiter = RateLimiter(rate=burst, per=burst / rate)
    async with asyncio.TaskGroup() as tg:   # waits for every request  #@ join@main
        async for prompt in arrivals:
            tg.create_task(request(limiter, prompt))
