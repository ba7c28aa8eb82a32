"""The SQLite backend queues journal lines: `add_event` only enqueues, and one
consumer task writes them through one connection, each write under the
store's lock (which the nightly trim takes too), so a burst of records is one
writer."""

import asyncio

import aiosqlite

from .contracts.store import Store


class QueuedSqliteStore(Store):
    def __init__(self, path: str):
        self.path = path
        self.lines: asyncio.Queue = asyncio.Queue()
        self.write_lock = asyncio.Lock()

    async def add_event(self, at: float, text: str) -> None:
        self.lines.put_nowait((at, text))

    async def drain(self):
        async with aiosqlite.connect(self.path) as conn:
            while True:
                at, text = await self.lines.get()
                async with self.write_lock:
                    await conn.execute("INSERT INTO journal (at, text) VALUES (?, ?)", (at, text))
                    await conn.commit()

    async def trim(self, keep: int):
        async with self.write_lock:
            async with aiosqlite.connect(self.path) as conn:
                await conn.execute(
                    "DELETE FROM journal WHERE rowid NOT IN (SELECT rowid FROM journal ORDER BY at DESC LIMIT ?)",
                    (keep,),
                )
                await conn.commit()

    async def recent_events(self, limit: int) -> list:
        async with aiosqlite.connect(self.path) as conn:
            async with conn.execute(
                "SELECT at, text FROM journal ORDER BY at DESC LIMIT ?", (limit,)
            ) as cur:
                return await cur.fetchall()
