import aiosqlite
from fastapi import FastAPI

from config import DB_PATH

app = FastAPI()


@app.get("/documents/{doc_id}")
async def get_document(doc_id: int):
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)) as cursor:
            return await cursor.fetchone()
