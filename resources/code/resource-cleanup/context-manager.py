async def query(pool, i):
    # waits for a free slot, then connects
    async with pool.connection() as conn:  #@ queued, io
        return await conn.query(SQL, i)  # raises, or is cancelled...  #@ io
    # ...and __aexit__ closes the connection on every path

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
