import uuid

import aiosqlite
from fastapi import FastAPI, UploadFile

DB_PATH = "documents.db"
app = FastAPI()


@app.post("/documents")
async def upload(file: UploadFile):
    doc_id = uuid.uuid4().hex
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT INTO documents (id, filename, status) VALUES (?, ?, 'queued')",
            (doc_id, file.filename),
        )
    return {"id": doc_id}


@app.post("/documents/{doc_id}/retry")
async def retry(doc_id: str):
    async with aiosqlite.connect(DB_PATH, timeout=10) as db:
        cursor = await db.execute(
            "UPDATE documents SET status = 'queued', attempts = attempts + 1 WHERE id = ?",
            (doc_id,),
        )
        return {"updated": cursor.rowcount}


@app.delete("/documents/{doc_id}")
async def delete(doc_id: str):
    async with aiosqlite.connect(DB_PATH) as db:
        row = await (await db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,))).fetchone()
        if row is None:
            return {"deleted": False}
        for table in ("pages", "chunks"):
            await db.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))  # noqa: S608
        await db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


async def tag(doc_id, label):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("INSERT INTO tags (doc_id, label) VALUES (?, ?)", (doc_id, label))
        if label == "urgent":
            return "urgent"
        return "ok"


async def record_view(doc_id):
    db = await aiosqlite.connect(DB_PATH)
    await db.execute("UPDATE documents SET views = views + 1 WHERE id = ?", (doc_id,))
    await db.close()
