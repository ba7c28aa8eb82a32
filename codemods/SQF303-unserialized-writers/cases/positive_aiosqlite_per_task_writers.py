# A connection per pipeline task (handed to the helpers): concurrent writers wait
# in SQLite's polling busy handler, so the write p99 is set by its naps. The lock
# is a latency fix here; the read that decides the counter's write is covered too.
import aiosqlite


async def open_db(path):
    return await aiosqlite.connect(path)


async def set_status(db, doc_id, status):
    await db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
    await db.commit()


async def bump(db, name, by=1):
    cursor = await db.execute("SELECT value FROM stats WHERE name = ?", (name,))
    row = await cursor.fetchone()
    value = (row[0] if row else 0) + by
    await db.execute("INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value))
    await db.commit()


async def process(path, doc_id):
    db = await open_db(path)
    try:
        await set_status(db, doc_id, "processing")
        await bump(db, "documents")
    finally:
        await db.close()
