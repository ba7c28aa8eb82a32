import aiosqlite

_db = None


async def open_store(path):
    global _db
    _db = await aiosqlite.connect(path)
    await _db.executescript(
        "CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, pages INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS pages (doc_id TEXT, page INTEGER, ok INTEGER);"
    )
    await _db.commit()


async def close_store():
    await _db.close()


async def add_doc(doc_id):
    await _db.execute("INSERT INTO docs (id, pages) VALUES (?, 0)", (doc_id,))
    await _db.commit()


async def add_page(doc_id, page):
    # Counts the page in the same transaction, so the count matches the rows.
    await _db.execute("BEGIN")
    cursor = await _db.execute("SELECT pages FROM docs WHERE id = ?", (doc_id,))
    (pages,) = await cursor.fetchone()
    await _db.execute(
        "INSERT INTO pages (doc_id, page, ok) VALUES (?, ?, 1)", (doc_id, page)
    )
    await _db.execute("UPDATE docs SET pages = ? WHERE id = ?", (pages + 1, doc_id))
    await _db.commit()


async def record_failure(doc_id, page):
    # A page that fails validation is written, then rolled back.
    try:
        await _db.execute(
            "INSERT INTO pages (doc_id, page, ok) VALUES (?, ?, 0)", (doc_id, page)
        )
        cursor = await _db.execute("SELECT COUNT(*) FROM pages WHERE doc_id = ?", (doc_id,))
        await cursor.fetchone()
        raise ValueError(f"page {page} of {doc_id} failed validation")
    except ValueError:
        await _db.rollback()
        return False


async def totals():
    cursor = await _db.execute("SELECT id, pages FROM docs ORDER BY id")
    docs = [tuple(r) for r in await cursor.fetchall()]
    cursor = await _db.execute(
        "SELECT doc_id, COUNT(*), SUM(ok) FROM pages GROUP BY doc_id ORDER BY doc_id"
    )
    rows = [tuple(r) for r in await cursor.fetchall()]
    return docs, rows
