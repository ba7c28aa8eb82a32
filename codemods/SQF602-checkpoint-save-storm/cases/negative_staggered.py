"""Fan-outs that limit their writers, or whose jobs do not write."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import aiosqlite

DB_PATH = "pipeline.db"
_writers = asyncio.Semaphore(2)


async def save_stage(doc_id, result):
    async with _writers:
        async with aiosqlite.connect(DB_PATH) as db:
            await db.execute("INSERT INTO checkpoints VALUES (?, ?)", (doc_id, json.dumps(result)))
            await db.commit()


async def fetch(client, url):
    return await client.get(url)


async def finish_batch(results):
    await asyncio.gather(*[save_stage(r["doc_id"], r) for r in results])


async def download_all(client, urls):
    return await asyncio.gather(*(fetch(client, u) for u in urls))


async def save_all_at_once(results):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.executemany("INSERT INTO checkpoints VALUES (?, ?)", [(r["doc_id"], json.dumps(r)) for r in results])
        await db.commit()


def save_serially(docs, save):
    with ThreadPoolExecutor(max_workers=1) as pool:
        list(pool.map(save, docs))


def write_json(doc):
    with open(f"out/{doc['id']}.json", "w") as f:
        json.dump(doc, f)


def export_all(docs):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write_json, docs))
