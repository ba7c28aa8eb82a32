"""An async web service keeps a small pool of aiosqlite connections. Its tag
method fetches the item's tags on one pooled connection, hands it back, then
takes a connection again and writes the union in a transaction. Two requests
tagging one item overlap at the awaits between the fetch and the write: both
start from the same tags and the later write drops the other's. Reported at the
fetch."""
import asyncio
import json
from contextlib import asynccontextmanager

import aiosqlite
from aiohttp import web


class Pool:
    def __init__(self, path, size=4):
        self.path = path
        self.free = asyncio.Queue()
        self.size = size

    async def open(self):
        for _ in range(self.size):
            self.free.put_nowait(await aiosqlite.connect(self.path))

    @asynccontextmanager
    async def acquire(self):
        conn = await self.free.get()
        try:
            yield conn
        finally:
            self.free.put_nowait(conn)


class Tags:
    def __init__(self, pool):
        self.pool = pool

    async def add(self, item, tags):
        async with self.pool.acquire() as conn:
            cur = await conn.execute("SELECT tags FROM items WHERE id = ?", (item,))
            row = await cur.fetchone()
        current = set(json.loads(row[0])) if row else set()
        merged = sorted(current | set(tags))
        async with self.pool.acquire() as conn:
            await conn.execute("UPDATE items SET tags = ? WHERE id = ?", (json.dumps(merged), item))
            await conn.commit()


async def tag(request):
    body = await request.json()
    await request.app["tags"].add(body["item"], body["tags"])
    return web.Response(status=204)


app = web.Application()
app.router.add_post("/tag", tag)
