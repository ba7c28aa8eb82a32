# A factory that returns an aiosqlite connection: `closing()` would call its
# close() without awaiting it and never close it, so SQF202 leaves it to SQF502.
import aiosqlite

DB_PATH = "app.db"


async def get_db():
    db = await aiosqlite.connect(DB_PATH)
    db.row_factory = aiosqlite.Row
    return db


async def get_document(doc_id):
    db = await get_db()
    cursor = await db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,))
    row = await cursor.fetchone()
    await db.close()
    return dict(row) if row else None
