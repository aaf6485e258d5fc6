async def embed_one(text):
    # A request, a fee and an overhead for every item.
    return await client.embed(text)   #@ io@item

async def main(arrivals):
    # The end of the block waits for every item.
    async with asyncio.TaskGroup() as tg:   #@ join@main
        async for text in arrivals:   # items arrive over time
            tg.create_task(embed_one(text))
