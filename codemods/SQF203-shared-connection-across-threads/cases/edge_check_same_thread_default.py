import sqlite3

from fastapi import FastAPI

app = FastAPI()
db = sqlite3.connect("documents.db")


@app.get("/documents/{doc_id}")
def get_document(doc_id: int):
    return db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()


@app.get("/health")
async def health():
    db.execute("SELECT 1")
    return {"ok": True}
