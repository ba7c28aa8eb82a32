# Writers that already queue on a lock of their own, and reads that write nothing.
import asyncio

import aiosqlite

WRITE_LOCK = asyncio.Lock()


async def set_status(db, doc_id, status):
    async with WRITE_LOCK:
        await db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        await db.commit()


async def get_status(path, doc_id):
    async with aiosqlite.connect(path) as db:
        cursor = await db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,))
        row = await cursor.fetchone()
    return row[0] if row else None
