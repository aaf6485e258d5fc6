async def query(pool, i):
    conn = await pool.open()         # a free slot, then connect  #@ queued, io
    rows = await conn.query(SQL, i)  # raises, or is cancelled...  #@ io
    await conn.close()               # ...and this never runs: a leak
    return rows

async def job(pool, i):
    try:
        async with asyncio.timeout(0.5):  # a deadline per job
            await query(pool, i)
    except TimeoutError:                  # waiting or querying  #@ timed-out
        log.warning("job %d: deadline passed", i)
    except DatabaseError as e:            # 5 % of queries fail  #@ failed
        log.warning("job %d: %s", i, e)

async def main(pool, arrivals):
    async with asyncio.TaskGroup() as tg:  # jobs arrive over time  #@ join@main
        async for i in arrivals:
            tg.create_task(job(pool, i))
