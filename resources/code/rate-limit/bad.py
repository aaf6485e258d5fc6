# The guide's RateLimiter.acquire, as written.
async def acquire(self):
    async with self.lock:
        current = time.monotonic()
        time_passed = current - self.last_check
        self.last_check = current
        self.allowance += time_passed * (self.rate / self.per)
        if self.allowance > self.rate:
            self.allowance = self.rate
        if self.allowance < 1.0:
            await asyncio.sleep((1.0 - self.allowance) * (self.per / self.rate))
            self.allowance = 1.0          # last_check is not moved past the sleep
        self.allowance -= 1.0
