import aiosqlite

DB_PATH = "pipeline.db"


async def store_chunks(doc_id, chunks):
    for n, chunk in enumerate(chunks):
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute(
                "INSERT INTO chunks (doc_id, n, text) VALUES (?, ?, ?)",
                (doc_id, n, chunk),
            )
            await db.commit()


async def embed_all(doc_ids, embedder):
    for doc_id in doc_ids:
        vector = await embedder.embed(doc_id)
        db = await aiosqlite.connect(DB_PATH)
        await db.execute("UPDATE documents SET vector = ? WHERE id = ?", (vector, doc_id))
        await db.commit()
        await db.close()


async def claim_next_job(worker_id):
    db = await aiosqlite.connect(DB_PATH)
    db.row_factory = aiosqlite.Row
    row = await (await db.execute("SELECT id FROM jobs WHERE owner IS NULL LIMIT 1")).fetchone()
    if row is None:
        return None
    await db.execute("UPDATE jobs SET owner = ? WHERE id = ?", (worker_id, row["id"]))
    await db.commit()
    await db.close()
    return row["id"]


async def count_pending():
    db = await aiosqlite.connect(DB_PATH)  # read-only stats
    cursor = await db.execute("SELECT count(*) FROM jobs WHERE owner IS NULL")
    (n,) = await cursor.fetchone()
    return n
