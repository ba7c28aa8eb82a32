from typing import Annotated

import aiosqlite
from fastapi import Depends, FastAPI

app = FastAPI()
DB_PATH = "app.db"


async def get_db():
    async with aiosqlite.connect(DB_PATH) as db:
        yield db


@app.get("/documents")
async def list_documents(db: Annotated[aiosqlite.Connection, Depends(get_db)]):
    async with db.execute("SELECT id, status FROM documents") as cursor:
        return await cursor.fetchall()


@app.get("/documents/{doc_id}/status")
async def status(doc_id: str):
    async with aiosqlite.connect(DB_PATH) as db:
        async with db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)) as cursor:
            row = await cursor.fetchone()
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE documents SET viewed = viewed + 1 WHERE id = ?", (doc_id,))
        await db.commit()
    return {"status": row[0] if row else None}
