"""Connections per request whose connect repeats real work: a dependency that
switches the journal mode on every request (the switch needs the file's lock;
the file keeps WAL once set), and a view that creates its table each time,
through a factory of this module. Reported, with what repeats."""
import sqlite3

from fastapi import Depends, FastAPI

app = FastAPI()
DB = "notes.db"


def open_notes():
    conn = sqlite3.connect(DB, timeout=10)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)")
    return conn


def get_db():
    conn = sqlite3.connect(DB)
    conn.execute("PRAGMA journal_mode=WAL")
    try:
        yield conn
    finally:
        conn.close()


@app.get("/notes")
def list_notes(conn=Depends(get_db)):
    return conn.execute("SELECT id, body FROM notes").fetchall()


@app.post("/notes")
def add_note(body: str):
    conn = open_notes()
    try:
        with conn:
            conn.execute("INSERT INTO notes (body) VALUES (?)", (body,))
    finally:
        conn.close()
    return {"ok": True}
