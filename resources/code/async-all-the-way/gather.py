async def handle(session, user_id):
    user, orders = await asyncio.gather(  # both at once  #@ join@request
        fetch_user(session, user_id),     #@ io@fetch_user
        fetch_orders(session, user_id),   #@ io@fetch_orders
    )
    return {"user": user, "orders": orders}  # one round trip

async def main(session, n=20):            # one session for all
    await asyncio.gather(*(handle(session, u) for u in range(n)))  #@ join@main
