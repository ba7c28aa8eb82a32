# Transactions the lock must not cover as they are: one awaits a webhook and one a
# model call in a thread between its write and its commit (every writer of the
# process would wait through them), and one calls a helper that takes the lock
# itself (an asyncio.Lock is not re-entrant: a deadlock). Each gets a note, no fix.
import asyncio

import aiosqlite
import httpx

client = httpx.AsyncClient()


def run_model(text):
    return text.upper()


async def save_page(db, doc_id, page):
    await db.execute("INSERT INTO pages (doc_id, page) VALUES (?, ?)", (doc_id, page))
    await db.commit()


async def finish(db, doc_id):
    await db.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
    await client.post("https://hooks.example.com/done", json={"id": doc_id})
    await db.commit()


async def convert(db, doc_id, text):
    await db.execute("UPDATE documents SET status = 'converting' WHERE id = ?", (doc_id,))
    result = await asyncio.to_thread(run_model, text)
    await db.execute("UPDATE documents SET result = ? WHERE id = ?", (result, doc_id))
    await db.commit()


async def save_all(db, doc_id, pages):
    await db.execute("UPDATE documents SET pages = ? WHERE id = ?", (len(pages), doc_id))
    for page in pages:
        await save_page(db, doc_id, page)
    await db.commit()


async def open_db(path):
    return await aiosqlite.connect(path)
