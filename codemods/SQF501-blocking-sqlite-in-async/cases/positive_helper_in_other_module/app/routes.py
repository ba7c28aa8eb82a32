import sqlite3

from fastapi import FastAPI

from . import db
from .db import record

app = FastAPI()


@app.post("/documents/{doc_id}/status")
async def set_status(doc_id: int, status: str):
    record(doc_id, status)
    row = db.load_status(doc_id)
    return {"status": row[0], "title": db.load_status(doc_id)[0].title()}


@app.delete("/documents/{doc_id}")
def delete(doc_id: int):
    # A sync route: run in FastAPI's thread pool beside the loop, on the same file.
    with sqlite3.connect(db.DB_PATH) as conn:
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
