"""The shared aiosqlite connection again, but one handler's transaction writes
two statements: when the second fails, the first stays written in the open
transaction and the next task's commit publishes it alone. Reported."""
import logging

import aiosqlite

log = logging.getLogger(__name__)


class Store:
    def __init__(self):
        self.db = None

    async def open(self, path):
        self.db = await aiosqlite.connect(path)

    async def add_tag(self, name, text):
        try:
            await self.db.execute("INSERT INTO tags (name, text) VALUES (?, ?)", (name, text))
            await self.db.commit()
        except aiosqlite.IntegrityError:
            log.info("tag %s exists", name)

    async def rename_tag(self, old, new):
        try:
            await self.db.execute("INSERT INTO tags (name, text) SELECT ?, text FROM tags WHERE name = ?", (new, old))
            await self.db.execute("DELETE FROM tags WHERE name = ?", (old,))
            await self.db.commit()
        except aiosqlite.IntegrityError:
            log.info("tag %s exists", new)
