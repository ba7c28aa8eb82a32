"""The SQLite backend: a short-lived aiosqlite connection per call, with the
default busy wait and the rollback journal."""

import aiosqlite

from ..contracts import store


class SqliteStore(store.Store):
    def __init__(self, path: str):
        self.path = path

    async def add_event(self, at: float, text: str) -> None:
        async with aiosqlite.connect(self.path) as conn:
            await conn.execute("INSERT INTO journal (at, text) VALUES (?, ?)", (at, text))
            await conn.commit()

    async def recent_events(self, limit: int) -> list:
        async with aiosqlite.connect(self.path) as conn:
            async with conn.execute(
                "SELECT at, text FROM journal ORDER BY at DESC LIMIT ?", (limit,)
            ) as cur:
                return await cur.fetchall()
