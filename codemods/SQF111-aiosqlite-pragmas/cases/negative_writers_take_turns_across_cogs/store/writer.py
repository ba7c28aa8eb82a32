import asyncio
import os

import aiosqlite

from store.locks import get_lock

lock = get_lock()


class SeenWriter:
    def __init__(self):
        self.queue = asyncio.Queue()

    async def run(self):
        while True:
            name, seen = await self.queue.get()
            async with lock:
                async with aiosqlite.connect(os.path.join(os.environ["DATA_DIR"], "feeds.db")) as db:
                    await db.execute("UPDATE feed SET seen = ? WHERE name = ?", (seen, name))
                    await db.commit()
