import asyncio

import aiosqlite

from service.migrations import migrate


class Database:
    def __init__(self, path):
        self.path = path
        self.db = None

    async def initialize(self):
        self.db = await aiosqlite.connect(self.path)
        await migrate(self.db)

    async def lookup(self, key):
        cursor = await self.db.execute("SELECT value FROM settings WHERE key = ?", (key,))
        return await cursor.fetchone()


async def handle(database, reader, writer):
    key = (await reader.readline()).decode().strip()
    writer.write(repr(await database.lookup(key)).encode())
    writer.close()


async def main():
    database = Database("service.db")
    await database.initialize()
    server = await asyncio.start_server(lambda r, w: handle(database, r, w), "127.0.0.1", 8080)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
