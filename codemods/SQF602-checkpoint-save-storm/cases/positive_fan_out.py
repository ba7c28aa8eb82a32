import asyncio
import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import aiosqlite

DB_PATH = "pipeline.db"


async def save_stage(doc_id, stage, result):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT OR REPLACE INTO checkpoints (doc_id, stage, data) VALUES (?, ?, ?)",
            (doc_id, stage, json.dumps(result)),
        )
        await db.commit()


def save_checkpoint(doc):
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    try:
        conn.execute("INSERT OR REPLACE INTO checkpoints (doc_id, data) VALUES (?, ?)", (doc["id"], json.dumps(doc)))
        conn.commit()
    finally:
        conn.close()


def mark_indexed(doc_id):
    with sqlite3.connect(DB_PATH) as conn:
        conn.execute("UPDATE documents SET indexed = 1 WHERE id = ?", (doc_id,))


async def finish_batch(results):
    await asyncio.gather(*[save_stage(r["doc_id"], r["stage"], r) for r in results])


def checkpoint_all(docs):
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(save_checkpoint, docs))


async def index_all(doc_ids):
    async with asyncio.TaskGroup() as tg:
        for doc_id in doc_ids:
            tg.create_task(asyncio.to_thread(mark_indexed, doc_id))
