async def attempt(cid):
    async with asyncio.timeout(0.5):  # a timeout per attempt
        await call_service(cid)       #@ io@client, join@client

async def client(cid, attempts=8, base=0.1, cap=5.0):
    for n in range(attempts):
        try:
            return await attempt(cid)
        except Exception as e:
            if n == attempts - 1 or not is_transient(e):
                raise  # out of attempts, or not transient  #@ failed
        # equal jitter: half the capped exponential, plus up to as much again
        t = min(cap, base * 2**n)
        await asyncio.sleep(t / 2 + random.uniform(0, t / 2))  #@ backoff

async def main(n=100):
    clients = (client(cid) for cid in range(n))
    await asyncio.gather(*clients, return_exceptions=True)  #@ join@main
