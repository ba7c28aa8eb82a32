"""Upload service tuned with 'fast SQLite' tips: exclusive mode on every connection."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB = "uploads.db"


def get_db():
    conn = sqlite3.connect(DB, timeout=5.0, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    return conn


@app.post("/uploads/{name}")
def create_upload(name: str):
    conn = get_db()
    try:
        conn.execute("INSERT INTO uploads (name) VALUES (?)", (name,))
        conn.commit()
    finally:
        conn.close()
    return {"ok": True}
