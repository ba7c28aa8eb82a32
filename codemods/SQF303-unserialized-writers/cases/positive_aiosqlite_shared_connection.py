# One aiosqlite connection, opened at startup and shared by every request's task.
# Each task's transaction must hold the write lock from BEGIN to COMMIT: without
# it a second task's BEGIN raises "cannot start a transaction within a
# transaction", and one task's rollback undoes another task's insert.
import aiosqlite

_db = None


async def startup(path):
    global _db
    _db = await aiosqlite.connect(path)


async def add_page(doc_id, page):
    await _db.execute("BEGIN")
    cursor = await _db.execute("SELECT pages FROM docs WHERE id = ?", (doc_id,))
    (pages,) = await cursor.fetchone()
    await _db.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))
    await _db.execute("UPDATE docs SET pages = ? WHERE id = ?", (pages + 1, doc_id))
    await _db.commit()


async def reject_page(doc_id, page):
    try:
        await _db.execute("INSERT INTO rejected (doc_id, page) VALUES (?, ?)", (doc_id, page))
        await _db.commit()
    except aiosqlite.Error:
        await _db.rollback()
        raise
