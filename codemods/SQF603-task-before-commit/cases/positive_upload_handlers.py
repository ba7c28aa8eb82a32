import asyncio
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import aiosqlite
from fastapi import BackgroundTasks, Depends, FastAPI, UploadFile

from pipeline import process_document, process_document_async

DB_PATH = "documents.db"
app = FastAPI()
executor = ThreadPoolExecutor(max_workers=4)


def get_db():
    conn = sqlite3.connect(DB_PATH, check_same_thread=False)
    try:
        yield conn
        conn.commit()
    finally:
        conn.close()


@app.post("/upload")
def upload(file: UploadFile):
    conn = sqlite3.connect(DB_PATH)
    cur = conn.execute("INSERT INTO documents (name, status) VALUES (?, 'queued')", (file.filename,))
    doc_id = cur.lastrowid
    executor.submit(process_document, DB_PATH, doc_id)
    conn.commit()
    conn.close()
    return {"id": doc_id}


@app.post("/upload-threaded")
def upload_threaded(file: UploadFile):
    with sqlite3.connect(DB_PATH) as conn:
        cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
        threading.Thread(target=process_document, args=(DB_PATH, cur.lastrowid), daemon=True).start()
    return {"id": cur.lastrowid}


@app.post("/upload-async")
async def upload_async(file: UploadFile):
    async with aiosqlite.connect(DB_PATH) as db:
        cur = await db.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
        task = asyncio.create_task(process_document_async(DB_PATH, cur.lastrowid))
        await db.commit()
    return {"id": cur.lastrowid, "task": id(task)}


@app.post("/upload-deps")
def upload_with_dependency(file: UploadFile, background: BackgroundTasks, conn=Depends(get_db)):
    cur = conn.execute("INSERT INTO documents (name) VALUES (?)", (file.filename,))
    background.add_task(process_document, DB_PATH, cur.lastrowid)
    return {"id": cur.lastrowid}
