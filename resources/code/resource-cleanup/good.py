async def get_data(pool):
    async with pool.acquire() as conn:                  # released on return, error and cancellation
        return await conn.fetch("SELECT * FROM users")
