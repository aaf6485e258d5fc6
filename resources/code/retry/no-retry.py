async def client(cid):
    try:
        async with asyncio.timeout(0.5):  # one attempt, with a timeout
            await call_service(cid)       #@ io@client, join@client
    except Exception as e:  # 503 in the outage, 500, a timeout  #@ failed
        log.warning("client %d failed: %r", cid, e)  # no second try

async def main(n=100):
    await asyncio.gather(*(client(cid) for cid in range(n)))  #@ join@main
