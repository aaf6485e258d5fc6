async def send_batch(batch):
    # One request, one fee, one overhead per batch.
    return await client.embed_batch(batch)   #@ io@batch

async def main(arrivals, size=10):
    texts = [text async for text in arrivals]   # the whole list first
    batches = [texts[i:i + size] for i in range(0, len(texts), size)]
    # Every batch at once (within the rate limit), no pause between.
    results = await asyncio.gather(*map(send_batch, batches))   #@ join@main
    return [r for batch in results for r in batch]
