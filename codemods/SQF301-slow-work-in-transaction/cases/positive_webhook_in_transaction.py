"""Document status updates that notify other services."""
import asyncio
import json
import shutil
import sqlite3
import subprocess
import time

import requests

DB = "docs.db"
WEBHOOK = "https://hooks.example.com/documents"


def finish(doc_id, pages):
    conn = sqlite3.connect(DB, timeout=5.0)
    conn.execute("UPDATE documents SET status = 'done', pages = ? WHERE id = ?", (pages, doc_id))
    requests.post(WEBHOOK, json={"id": doc_id, "status": "done"}, timeout=10)
    conn.commit()
    conn.close()


def archive(doc_id, source, target):
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE documents SET archived = 1 WHERE id = ?", (doc_id,))
        shutil.copyfile(source, target)


def convert(doc_id, path):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE documents SET status = 'converting' WHERE id = ?", (doc_id,))
    result = subprocess.run(["pdftotext", path, "-"], capture_output=True, check=True)
    conn.execute("UPDATE documents SET text = ? WHERE id = ?", (result.stdout, doc_id))
    conn.execute("COMMIT")
    conn.close()


def retry_later(doc_id):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE documents SET attempts = attempts + 1 WHERE id = ?", (doc_id,))
    time.sleep(2)  # back off before the next attempt
    conn.commit()
    conn.close()


async def store_upload(doc_id, upload):
    with sqlite3.connect(DB) as conn:
        conn.execute("INSERT INTO documents (id, status) VALUES (?, 'uploading')", (doc_id,))
        data = await upload.read()
        conn.execute("UPDATE documents SET size = ? WHERE id = ?", (len(data), doc_id))
    await asyncio.sleep(0)
    return json.dumps({"id": doc_id})


async def record_and_notify(db_path, doc_id):
    import aiosqlite
    import httpx

    client = httpx.AsyncClient()
    async with aiosqlite.connect(db_path) as db:
        await db.execute("UPDATE documents SET status = 'done' WHERE id = ?", (doc_id,))
        await client.post(WEBHOOK, json={"id": doc_id})
        await db.commit()
