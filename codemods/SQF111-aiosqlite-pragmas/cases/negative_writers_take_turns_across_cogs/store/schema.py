import os

import aiosqlite


async def init_db():
    async with aiosqlite.connect(os.path.join(os.environ["DATA_DIR"], "feeds.db")) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS feed (name TEXT PRIMARY KEY, seen TEXT, enabled INTEGER DEFAULT 1)")
        await db.commit()
