# The guide's CircuitBreaker.call, as written: half-open lets every caller through.
async def call(self, func, *args, **kwargs):
    async with self.lock:
        if self.state == CircuitState.OPEN:
            if self._should_attempt_reset():
                self.state = CircuitState.HALF_OPEN
            else:
                raise Exception("Circuit breaker is OPEN")
    try:
        result = await func(*args, **kwargs)
        await self._on_success()
        return result
    except Exception as e:
        await self._on_failure()
        raise e
