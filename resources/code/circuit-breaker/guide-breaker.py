# The guide's CircuitBreaker (Practice 12), step for step; the rest
# of the class (__init__, _should_attempt_reset, _on_success,
# _on_failure) as in the guide.
class CircuitBreaker:
    async def call(self, func, *args, **kwargs):
        async with self.lock:
            if self.state == CircuitState.OPEN:
                # Looked at only when a call arrives...
                if self._should_attempt_reset():
                    # ...and half-open lets every caller through.
                    self.state = CircuitState.HALF_OPEN
                else:
                    raise Exception("Circuit breaker is OPEN")
        try:
            result = await func(*args, **kwargs)
            await self._on_success()   # closes it
            return result
        except Exception as e:
            # Counts; a late failure also moves last_failure_time.
            await self._on_failure()
            raise e

async def call_service(i):
    async with asyncio.timeout(1.0):
        return await client.call(i)   #@ io@request, hung@request

async def request(breaker, i):
    try:
        return await breaker.call(call_service, i)
    except TimeoutError: log.warning("%d timed out", i)   #@ timed-out
    except ServiceError: log.warning("%d failed", i)      #@ failed
    except Exception: log.warning("%d refused", i)   # bare Exception  #@ refused

async def main(arrivals):
    breaker = CircuitBreaker(failure_threshold=5, recovery_timeout=1)
    async with asyncio.TaskGroup() as tg:   # waits for every request  #@ join@main
        async for i in arrivals:
            tg.create_task(request(breaker, i))
