# The guide's async_retry, as written: every exception, no jitter, no cap.
for attempt in range(max_attempts):
    try:
        return await func(*args, **kwargs)
    except Exception as e:
        last_exception = e
        if attempt < max_attempts - 1:
            await asyncio.sleep(current_delay)
            current_delay *= backoff
raise last_exception
