"""Background tasks of an async service. `watch_queue()` opens its connection
once and uses it in a `while True:` loop that never ends: one connection (and one
aiosqlite worker thread) for the task's life, not reported. `count_pending()`
opens one per call and never closes it: reported, each call leaves a connection
and its worker thread behind."""
import asyncio

import aiosqlite

DB = "queue.db"


async def watch_queue():
    db = await aiosqlite.connect(DB)
    while True:
        async with db.execute("SELECT count(*) FROM jobs") as cur:
            (n,) = await cur.fetchone()
        print(n)
        await asyncio.sleep(5)


async def count_pending():
    db = await aiosqlite.connect(DB)
    async with db.execute("SELECT count(*) FROM jobs WHERE done = 0") as cur:
        (n,) = await cur.fetchone()
    return n
