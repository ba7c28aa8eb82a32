import asyncio
import sqlite3


async def process(doc_ids):
    conn = sqlite3.connect("app.db")
    for doc_id in doc_ids:
        conn.execute("UPDATE documents SET stage = 'ocr' WHERE id = ?", (doc_id,))
        await asyncio.sleep(0.1)
    conn.commit()


async def early_return(doc_id):
    conn = sqlite3.connect("app.db")
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    conn.close()
    return row
