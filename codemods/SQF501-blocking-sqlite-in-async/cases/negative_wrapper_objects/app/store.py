import sqlite3

import aiosqlite


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def counts(self):
        return self.conn.execute("SELECT count(*) FROM items").fetchall()


class AsyncStore:
    """An aiosqlite wrapper: its methods are coroutines, awaited by callers."""

    def __init__(self, path):
        self.path = path

    async def counts(self):
        async with aiosqlite.connect(self.path) as db:
            async with db.execute("SELECT count(*) FROM items") as cur:
                return await cur.fetchall()


class Cache:
    """Same method name, no database: resolution goes by class, not by name."""

    def __init__(self):
        self.items = {}

    def counts(self):
        return len(self.items)
