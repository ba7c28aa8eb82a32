"""One aiosqlite connection shared by a service's tasks, where every write is
one statement committed by the very next statement. A task's statement may
land in another task's implicit transaction and be committed by it, but it is
a whole write either way, and no read decides any of them: nothing needs a
lock to stay together. Not reported."""
import logging
import time

import aiosqlite

log = logging.getLogger(__name__)
_db = None


async def open_store(path):
    global _db
    _db = await aiosqlite.connect(path)


async def record_hit(url):
    await _db.execute("INSERT INTO hits (url, at) VALUES (?, ?)", (url, time.time()))
    await _db.commit()


async def forget(url):
    await _db.execute("DELETE FROM hits WHERE url = ?", (url,))
    # one statement, then its commit
    await _db.commit()


async def rename(old, new):
    try:
        await _db.execute("UPDATE hits SET url = ? WHERE url = ?", (new, old))
        await _db.commit()
    except aiosqlite.IntegrityError:
        log.warning("%s already recorded", new)


class Journal:
    def __init__(self, db):
        self.db = db

    async def append(self, line):
        await self.db.execute("INSERT INTO journal (line) VALUES (?)", (line,))
        await self.db.commit()
