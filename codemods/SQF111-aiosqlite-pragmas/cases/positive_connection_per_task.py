# Fifty tasks, each with its own aiosqlite connection to one file: the
# connections contend for the lock (bench/load/one_connection_p99.py,
# per-task: lock errors and a p99 of seconds in the rollback journal).
import asyncio

import aiosqlite


async def record(n):
    async with aiosqlite.connect("events.db") as db:
        await db.execute("INSERT INTO events (n) VALUES (?)", (n,))
        await db.commit()


async def main():
    await asyncio.gather(*(record(n) for n in range(50)))


asyncio.run(main())
