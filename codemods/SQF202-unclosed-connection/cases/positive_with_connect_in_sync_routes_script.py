"""An ASGI service run as a script (`uvicorn.run(app)` under a `__main__` guard).
Its routes are plain `def` functions, which the framework runs on its thread pool,
though no text of the script starts a thread: the `with sqlite3.connect(...) as
conn:` blocks are dropped on those threads, where the descriptors pile up
(docs/sqlite-facts.md#F-dropped-handles), so they are reported."""
import sqlite3

import uvicorn
from fastapi import FastAPI

DB = "notes.db"
app = FastAPI()


@app.get("/notes")
def notes():
    with sqlite3.connect(DB) as conn:
        return conn.execute("SELECT id, body FROM notes").fetchall()


@app.post("/notes")
def add_note(body: str):
    with sqlite3.connect(DB) as conn:
        conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run(app)
