"""Jobs started once the row is committed, or races that cannot happen."""

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor

from fastapi import BackgroundTasks, FastAPI, UploadFile

from pipeline import process_document, process_document_async

DB_PATH = "documents.db"
app = FastAPI()
executor = ThreadPoolExecutor(max_workers=4)


@app.post("/upload")
def upload(file: UploadFile):
    with sqlite3.connect(DB_PATH) as conn:
        cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
    executor.submit(process_document, DB_PATH, cur.lastrowid)
    return {"id": cur.lastrowid}


@app.post("/upload-bg")
def upload_background(file: UploadFile, background: BackgroundTasks):
    conn = sqlite3.connect(DB_PATH)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
    background.add_task(process_document, DB_PATH, cur.lastrowid)
    conn.commit()
    conn.close()
    return {"id": cur.lastrowid}


@app.post("/upload-task")
async def upload_task(file: UploadFile):
    conn = sqlite3.connect(DB_PATH)
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
    asyncio.create_task(process_document_async(DB_PATH, cur.lastrowid))
    conn.commit()
    conn.close()
    return {"id": cur.lastrowid}


def reindex(conn, doc_ids):
    conn.execute("DELETE FROM search_index")
    conn.commit()
    for doc_id in doc_ids:
        executor.submit(process_document, DB_PATH, doc_id)
