"""WAL is set once at startup; the worker's connections still lack synchronous."""
import aiosqlite

DB_PATH = "pipeline.db"


async def init_db():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("CREATE TABLE IF NOT EXISTS stages (doc TEXT, stage TEXT)")
        await db.commit()


async def record_stage(doc, stage):
    db = await aiosqlite.connect(DB_PATH)
    try:
        await db.execute("INSERT INTO stages (doc, stage) VALUES (?, ?)", (doc, stage))
        await db.commit()
    finally:
        await db.close()
