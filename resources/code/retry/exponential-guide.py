# The guide's async_retry, in our words: every error, no jitter, no
# cap (with this run's 8 attempts from 100 ms; the guide's: 3 from 1 s)
def retry_everything(max_attempts=8, delay=0.1, backoff=2.0):
    def decorate(func):
        @functools.wraps(func)
        async def wrapper(*args, **kwargs):
            last_error, pause = None, delay
            for attempt in range(max_attempts):
                try:
                    return await func(*args, **kwargs)
                except Exception as e:  # a 400 or a bug, too
                    last_error = e
                    if attempt < max_attempts - 1:
                        # the same pause for every client: in step
                        await asyncio.sleep(pause)  #@ backoff
                        pause *= backoff  # doubles, with no cap
            raise last_error  #@ failed
        return wrapper
    return decorate

@retry_everything()
async def client(cid):
    async with asyncio.timeout(0.5):  # a timeout per attempt
        await call_service(cid)       #@ io@client, join@client

async def main(n=100):
    clients = (client(cid) for cid in range(n))
    await asyncio.gather(*clients, return_exceptions=True)  #@ join@main
