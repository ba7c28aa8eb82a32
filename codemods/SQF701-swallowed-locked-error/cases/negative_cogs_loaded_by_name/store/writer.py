"""One task drains a queue of timestamps into the feed table, one short
UPDATE per item, logging a failure and moving on to the next item."""
import asyncio
import logging

import aiosqlite

from store.schema import DB_PATH

log = logging.getLogger(__name__)


class SeenWriter:
    def __init__(self):
        self.queue = asyncio.Queue()

    async def run(self):
        while True:
            try:
                name, seen = await self.queue.get()
                async with aiosqlite.connect(DB_PATH, timeout=10) as db:
                    await db.execute("UPDATE feed SET seen = ? WHERE name = ?", (seen, name))
                    await db.commit()
            except Exception as exc:
                log.error("could not store the timestamp: %s", exc)
