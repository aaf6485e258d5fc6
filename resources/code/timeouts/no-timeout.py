async def request(url):
    return await fetch_data(url)   # no timeout: if it hangs, so do we  #@ io, hung

async def main(urls):
    tasks = [asyncio.create_task(request(url)) for url in urls]
    # Watch for 30 s: whatever is still pending then is hung.
    done, hung = await asyncio.wait(tasks, timeout=30)  #@ join@main
    log.warning("%d requests still waiting", len(hung))
