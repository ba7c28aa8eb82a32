import asyncio
import sqlite3

import aiosqlite


def save(doc_id):
    with sqlite3.connect("app.db") as conn:
        conn.execute("UPDATE documents SET done = 1 WHERE id = ?", (doc_id,))


async def handler(doc_id):
    await asyncio.to_thread(save, doc_id)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, save, doc_id)
    async with aiosqlite.connect("app.db") as db:
        await db.execute("UPDATE documents SET seen = 1 WHERE id = ?", (doc_id,))
        await db.commit()


def sync_route(doc_id):
    save(doc_id)
