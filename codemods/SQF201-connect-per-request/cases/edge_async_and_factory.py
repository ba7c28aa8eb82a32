import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB_PATH = "documents.db"


def connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


@app.get("/health")
async def health():
    conn = sqlite3.connect(DB_PATH)
    conn.execute("SELECT 1")
    conn.close()
    return {"ok": True}


def touch_all(doc_ids):
    for doc_id in doc_ids:
        conn = connect()
        conn.execute("UPDATE documents SET touched = 1 WHERE id = ?", (doc_id,))
        conn.commit()
        conn.close()
