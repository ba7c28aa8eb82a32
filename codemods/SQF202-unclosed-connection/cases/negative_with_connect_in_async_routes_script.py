"""The service of positive_with_connect_in_sync_routes_script with `async def`
routes: they run on the one event-loop thread (SQF501's concern, not this rule's),
so the `with sqlite3.connect(...) as conn:` blocks, which hold nothing once they end,
cost one descriptor each until the young garbage-collector pass the dropped
connections themselves set off (docs/sqlite-facts.md#F-dropped-handles)."""
import sqlite3

import uvicorn
from fastapi import FastAPI

DB = "notes.db"
app = FastAPI()


def read_notes():
    with sqlite3.connect(DB) as conn:
        return conn.execute("SELECT id, body FROM notes").fetchall()


def insert_note(body):
    with sqlite3.connect(DB) as conn:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))


@app.get("/notes")
async def notes():
    return read_notes()


@app.post("/notes")
async def add_note(body: str):
    insert_note(body)
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run(app)
