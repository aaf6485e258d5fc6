async def fetch(url):
    # No timeout: if the server never answers, neither do we.
    return await fetch_data(url)
