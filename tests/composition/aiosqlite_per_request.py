# composes: SQF111, SQF502, SQF503
# An aiosqlite connection per request, without PRAGMAs, closed only on success,
# and a write block that never commits: three fixes on one `connect`.
import aiosqlite
from fastapi import FastAPI

app = FastAPI()
DB_PATH = "app.db"


@app.get("/documents/{doc_id}")
async def get_document(doc_id: str):
    db = await aiosqlite.connect(DB_PATH)
    cursor = await db.execute("SELECT status FROM documents WHERE id = ?", (doc_id,))
    row = await cursor.fetchone()
    await db.close()
    return {"status": row[0] if row else None}


@app.post("/documents/{doc_id}/seen")
async def mark_seen(doc_id: str):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE documents SET seen = 1 WHERE id = ?", (doc_id,))
    return {"ok": True}
