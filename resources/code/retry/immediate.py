async def attempt(cid):
    async with asyncio.timeout(0.5):  # a timeout per attempt
        await call_service(cid)       #@ io@client, join@client

async def client(cid, attempts=8):
    for n in range(attempts):
        try:
            return await attempt(cid)
        except Exception as e:
            if n == attempts - 1 or not is_transient(e):
                raise  # out of attempts, or not transient  #@ failed
        await asyncio.sleep(0)  # no wait: back into the outage  #@ backoff

async def main(n=100):
    clients = (client(cid) for cid in range(n))
    await asyncio.gather(*clients, return_exceptions=True)  #@ join@main
