async def get_data(pool):
    conn = await pool.acquire()
    result = await conn.fetch("SELECT * FROM users")   # raises, or the task is cancelled...
    await pool.release(conn)                            # ...and this line never runs
    return result
