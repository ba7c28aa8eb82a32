"""Kept aiosqlite connection never committed: the local check reports it, the project-wide one skips it."""
import aiosqlite


class Store:
    async def open(self, path):
        self.db = await aiosqlite.connect(path)

    async def add(self, name):
        await self.db.execute("INSERT INTO items (name) VALUES (?)", (name,))
