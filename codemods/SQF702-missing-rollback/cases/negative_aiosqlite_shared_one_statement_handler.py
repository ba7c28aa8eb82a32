"""One aiosqlite connection shared by a bot's tasks, every write one statement
committed by the next statement. A handler that only logs a failed INSERT
leaves an empty implicit transaction behind (the failed statement is undone),
which the next task's commit ends: nothing half done is published, and a
rollback here would undo nothing. Not reported."""
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

    async def drop_tag(self, name):
        await self.db.execute("DELETE FROM tags WHERE name = ?", (name,))
        await self.db.commit()
