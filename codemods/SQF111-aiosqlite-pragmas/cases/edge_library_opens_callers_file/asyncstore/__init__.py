"""An async key-value library: the caller names the file, so WAL is the
caller's choice (display-only); a read-only (query_only) connection is left alone."""
import aiosqlite


class Store:
    def __init__(self, path):
        self.path = path

    async def open(self):
        self.db = await aiosqlite.connect(self.path)
        return self

    async def reader(self):
        db = await aiosqlite.connect(self.path)
        await db.execute("PRAGMA query_only=1")
        return db
