async def fetch_user_data(user_id):
    user = requests.get(f"/api/users/{user_id}").json()   # blocks the loop
    orders = await fetch_orders(user_id)
    return {"user": user, "orders": orders}
