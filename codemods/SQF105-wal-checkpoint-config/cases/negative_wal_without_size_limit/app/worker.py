"""A second place sets WAL, still without a size limit: nothing to report here either."""
import aiosqlite


async def open_worker_db(path):
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode=WAL")
    return db
