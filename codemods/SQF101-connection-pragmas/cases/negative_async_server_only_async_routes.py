"""Every route is `async def` and runs on the one event-loop thread; the sync
queries block the loop (SQF501's business) but never overlap, so there is no
second connection to wait on a lock."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.post("/notes")
async def add_note(text: str):
    conn = sqlite3.connect("notes.db")
    conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    conn.commit()
    conn.close()
    return {"ok": True}
