import asyncio

import aiosqlite

DB_PATH = "pipeline.db"


async def save_ocr(doc_id, pages):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.executemany("INSERT INTO pages VALUES (?, ?, ?)", [(doc_id, n, p) for n, p in enumerate(pages)])
        await db.commit()


async def save_layout(doc_id, blocks):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("INSERT INTO layouts VALUES (?, ?)", (doc_id, len(blocks)))
        await db.commit()


async def load_both(doc_id):
    return await asyncio.gather(read_pages(doc_id), read_layout(doc_id))


async def read_pages(doc_id):
    async with aiosqlite.connect(DB_PATH) as db:
        return await (await db.execute("SELECT * FROM pages WHERE doc_id = ?", (doc_id,))).fetchall()


async def read_layout(doc_id):
    async with aiosqlite.connect(DB_PATH) as db:
        return await (await db.execute("SELECT * FROM layouts WHERE doc_id = ?", (doc_id,))).fetchone()


async def finish(doc_id, pages, blocks):
    await asyncio.gather(save_ocr(doc_id, pages), save_layout(doc_id, blocks))
