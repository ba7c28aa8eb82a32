import aiosqlite


async def open_db(path):
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    return db


async def init(path, docs):
    db = await open_db(path)
    await db.execute("CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, pages INTEGER)")
    await db.executemany("INSERT INTO docs (id, pages) VALUES (?, 0)", [(d,) for d in docs])
    await db.commit()
    await db.close()


async def count_page(db, doc_id):
    await db.execute("BEGIN IMMEDIATE")
    cursor = await db.execute("SELECT pages FROM docs WHERE id = ?", (doc_id,))
    (pages,) = await cursor.fetchone()
    await db.execute("UPDATE docs SET pages = ? WHERE id = ?", (pages + 1, doc_id))
    await db.commit()


async def pages_done(path):
    db = await open_db(path)
    cursor = await db.execute("SELECT id, pages FROM docs ORDER BY id")
    rows = [tuple(r) for r in await cursor.fetchall()]
    await db.close()
    return rows
