async def fetch_user_data(session, user_id):
    user, orders = await asyncio.gather(               # both round trips at once
        fetch_user(session, user_id),
        fetch_orders(session, user_id),
    )
    return {"user": user, "orders": orders}
