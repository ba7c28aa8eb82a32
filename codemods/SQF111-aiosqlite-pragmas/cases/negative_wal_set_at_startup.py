"""WAL is set once at startup on this very file (it persists in the file); the
worker's connections keep the default synchronous=FULL, durable and correct in
WAL: the author's choice, not reported."""
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
