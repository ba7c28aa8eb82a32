import asyncio

import aiosqlite

from service.settings_store import rename_setting_key


async def handle(db, reader, writer):
    line = await reader.readline()
    old_key, new_key = line.decode().split()
    await rename_setting_key(db, old_key, new_key)
    writer.close()


async def main():
    async with aiosqlite.connect("service.db") as db:
        await db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
        server = await asyncio.start_server(lambda r, w: handle(db, r, w), "127.0.0.1", 8080)
        async with server:
            await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
