"""A second place sets WAL too: one MONITOR finding per project, not one per place."""
import aiosqlite


async def open_worker_db(path):
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode=WAL")
    return db
