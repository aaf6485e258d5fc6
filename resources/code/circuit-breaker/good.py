# A failure-rate window with a minimum of calls, a fixed open time and limited probes
# (what pybreaker or resilience4j offer; sketched here).
async def call(self, func):
    if not self.try_acquire_permission():      # open, or every probe slot taken
        raise BreakerOpen()                    # fail fast: the service is not called
    try:
        result = await asyncio.wait_for(func(), timeout=1.0)
    except Exception:
        self.on_failure()                      # may open (closed) or reopen (half-open)
        raise
    self.on_success()                          # may close once every probe succeeded
    return result
