pool = ThreadPoolExecutor(max_workers=4)   # one pool, not one per call

def compress(blob: bytes) -> bytes:
    return zlib.compress(blob, 9)   # native: releases the GIL meanwhile

async def job(blob):
    loop = asyncio.get_running_loop()
    # The loop stays free and the four threads run in parallel.
    return await loop.run_in_executor(pool, compress, blob)   #@ queued@job, cpu@job

async def main(blobs):
    jobs = (job(blob) for blob in blobs)
    return await asyncio.gather(*jobs)   #@ join@main
