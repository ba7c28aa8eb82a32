"""FastAPI upload service on aiosqlite."""
import aiosqlite
from fastapi import FastAPI, UploadFile

app = FastAPI()
DB_PATH = "uploads.db"


@app.post("/upload")
async def upload(file: UploadFile):
    body = await file.read()
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT INTO documents (name, size, status) VALUES (?, ?, 'queued')",
            (file.filename, len(body)),
        )
        await db.commit()
    return {"status": "queued"}


class Repository:
    async def open(self):
        self.db = await aiosqlite.connect(DB_PATH, timeout=5.0)

    async def set_status(self, doc_id, status):
        await self.db.execute("UPDATE documents SET status = ? WHERE id = ?", (status, doc_id))
        await self.db.commit()


async def get_db():
    return await aiosqlite.connect(DB_PATH)
