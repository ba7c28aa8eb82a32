"""One module connection per process of an ASGI app, but the Procfile runs
uvicorn with four worker processes: four connections to the file, so a
transaction one worker holds makes another's write wait on its loop. Reported,
naming the worker processes."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
conn = sqlite3.connect("notes.db")


@app.get("/notes/{note_id}")
async def get_note(note_id: int):
    row = conn.execute("SELECT body FROM notes WHERE id = ?", (note_id,)).fetchone()
    return {"body": row[0] if row else None}


@app.post("/notes")
async def add_note(body: str):
    conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))
    conn.commit()
    return {"ok": True}
