class CircuitBreaker:
    """Opens when `rate` of the last `window` calls failed (once it holds
    `minimum`), stays open `open_for` s, then lets `probes` calls try."""
    def __init__(self, rate=0.5, window=20, minimum=5,
                 open_for=1.0, probes=1):
        self.rate, self.window, self.minimum = rate, window, minimum
        self.open_for, self.probes, self.epoch = open_for, probes, 0
        self._enter("closed")

    def _enter(self, state):
        self.state, self.since = state, time.monotonic()
        self.epoch += 1   # outcomes of older calls will not count
        self.failures = deque(maxlen=self.window)
        self.trials = self.passed = 0

    def _allow(self):
        waited = time.monotonic() - self.since
        if self.state == "open" and waited >= self.open_for:
            self._enter("half-open")   # exactly open_for after opening
        if self.state == "half-open" and self.trials < self.probes:
            self.trials += 1   # a fixed number of probes, no more
            return True
        return self.state == "closed"

    def _record(self, failed, epoch):
        if epoch != self.epoch:
            return
        if self.state == "closed":
            self.failures.append(failed)
            n = len(self.failures)
            if n >= self.minimum and sum(self.failures) >= self.rate * n:
                self._enter("open")
        elif failed:
            self._enter("open")   # a failed probe reopens it
        else:
            self.passed += 1
            if self.passed == self.probes:
                self._enter("closed")

    async def call(self, func, *args):
        if not self._allow():
            raise BreakerOpen()   # fail fast: the service is not called
        epoch = self.epoch
        try:
            result = await func(*args)
        except asyncio.CancelledError:
            if epoch == self.epoch and self.state == "half-open":
                self.trials -= 1   # no outcome, but it frees its slot
            raise
        except Exception:
            self._record(True, epoch)
            raise
        self._record(False, epoch)
        return result

async def call_service(i):
    async with asyncio.timeout(1.0):   # a timeout counts as a failure
        return await client.call(i)   #@ io@request, hung@request

async def request(breaker, i):
    try:
        return await breaker.call(call_service, i)
    except BreakerOpen: log.info("%d refused: fallback", i)   #@ refused
    except TimeoutError: log.warning("%d timed out", i)       #@ timed-out
    except ServiceError: log.warning("%d failed", i)          #@ failed

async def main(arrivals):
    breaker = CircuitBreaker(rate=0.5, window=20, minimum=5,
                             open_for=1.0, probes=1)
    async with asyncio.TaskGroup() as tg:   # waits for every request  #@ join@main
        async for i in arrivals:
            tg.create_task(request(breaker, i))
