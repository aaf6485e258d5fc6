# The guide's TaskManager (Practice 7), step for step.
class TaskManager:
    def __init__(self):
        self.tasks = []

    def create_task(self, coro):
        task = asyncio.create_task(coro)
        self.tasks.append(task)
        # Drops a finished task, failed or not, unexamined.
        task.add_done_callback(lambda t: self.tasks.remove(t))   #@ unretrieved
        return task

    async def cancel_all(self):
        for task in self.tasks:
            if not task.done():
                task.cancel()
        # Waits for the cleanups; the results are thrown away.
        await asyncio.gather(*self.tasks, return_exceptions=True)   #@ join@main
        self.tasks.clear()

async def worker(i):   # an error ends it; cancelled, it cleans up
    try:
        for step in range(STEPS):
            await do_step(i, step)   #@ io@worker
    except asyncio.CancelledError:
        await clean_up(i)
        raise

async def main():
    manager = TaskManager()
    for i in range(WORKERS):
        manager.create_task(worker(i))
    await asyncio.sleep(SHUTDOWN_S)   #@ sleep@main
    await manager.cancel_all()        # shutdown
