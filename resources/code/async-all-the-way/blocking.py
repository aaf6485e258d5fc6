async def handle(user_id):
    # requests.get never awaits: the whole loop waits with it
    user = requests.get(f"/api/users/{user_id}").json()  #@ blocked-loop
    orders = await fetch_orders_async(user_id)  # loop free here  #@ io
    return {"user": user, "orders": orders}

async def main(n=20):
    # 20 requests "at once", but each requests.get stalls them all
    await asyncio.gather(*(handle(u) for u in range(n)))  #@ join@main
