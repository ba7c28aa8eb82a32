"""An ASGI app is single-threaded only while every route is `async def`: FastAPI
runs a sync `def` route in its thread pool, so two requests write at once."""
import sqlite3

from fastapi import FastAPI

app = FastAPI()


@app.post("/notes")
def add_note(text: str):
    conn = sqlite3.connect("notes.db")
    conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    conn.commit()
    conn.close()
    return {"ok": True}
