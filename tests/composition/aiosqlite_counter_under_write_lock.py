# composes: SQF303, SQF305
# An aiosqlite read-then-write counter on a connection each task is handed: SQF305
# takes the write lock before the read (BEGIN IMMEDIATE), SQF303 queues the
# transaction on the project's asyncio lock. The BEGIN must end up inside the lock.
import aiosqlite


async def open_db(path):
    return await aiosqlite.connect(path)


async def bump_stat(db, name, by=1):
    cursor = await db.execute("SELECT value FROM stats WHERE name = ?", (name,))
    row = await cursor.fetchone()
    value = (row[0] if row else 0) + by
    await db.execute(
        "INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value)
    )
    await db.commit()


async def update_progress(db, doc_id, progress):
    await db.execute("BEGIN")
    cursor = await db.execute("SELECT progress FROM documents WHERE id = ?", (doc_id,))
    row = await cursor.fetchone()
    if row is not None and progress > row[0]:
        await db.execute(
            "UPDATE documents SET progress = ? WHERE id = ?", (progress, doc_id)
        )
    await db.commit()
