"""A small aiosqlite repository that commits what it writes."""

import aiosqlite

DB_PATH = "documents.db"
SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (id TEXT PRIMARY KEY, status TEXT);
CREATE INDEX IF NOT EXISTS documents_status ON documents (status);
"""


async def init_db():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        await db.executescript(SCHEMA)
        await db.execute("CREATE TABLE IF NOT EXISTS tags (doc_id TEXT, label TEXT)")


async def set_status(doc_id, status):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        await db.commit()


async def add_tags(doc_id, labels):
    async with aiosqlite.connect(DB_PATH) as db:
        for label in labels:
            await db.execute("INSERT INTO tags VALUES (?, ?)", (doc_id, label))
        if labels:
            await db.commit()


async def log_event(message):
    async with aiosqlite.connect(DB_PATH, isolation_level=None) as db:
        await db.execute("INSERT INTO events (message) VALUES (?)", (message,))


async def import_batch(rows, writer):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.executemany("INSERT INTO documents VALUES (?, ?)", rows)
        await writer.finish(db)


async def dry_run(doc_id):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        n = await (await db.execute("SELECT changes()")).fetchone()
        await db.rollback()
        return n[0]


async def count():
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT count(*) FROM documents") as cursor:
            return (await cursor.fetchone())[0]
