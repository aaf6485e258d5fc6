async def handle(session, user_id):
    user = await fetch_user(session, user_id)      # loop free  #@ io
    orders = await fetch_orders(session, user_id)  # then this  #@ io
    return {"user": user, "orders": orders}  # two round trips

async def main(session, n=20):
    await asyncio.gather(*(handle(session, u) for u in range(n)))  #@ join@main
