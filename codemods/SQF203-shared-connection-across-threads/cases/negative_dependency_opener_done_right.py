"""Openers called by sync dependencies, done right: one lets its connections
cross threads (one request uses each at a time), the other's dependency hands
the endpoint a value, not the connection, and closes it on its own thread."""
import sqlite3

import anyio
from fastapi import Depends, FastAPI

app = FastAPI()


def open_shared_ok():
    return sqlite3.connect("notes.db", timeout=5, check_same_thread=False)


def open_db():
    return sqlite3.connect("notes.db", timeout=5)


def get_conn():
    conn = open_shared_ok()
    try:
        yield conn
    finally:
        conn.close()


def note_count():
    conn = open_db()
    try:
        return conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        conn.close()


def list_notes(conn):
    return conn.execute("SELECT id FROM notes").fetchall()


@app.get("/notes")
async def notes(conn=Depends(get_conn)):
    return await anyio.to_thread.run_sync(list_notes, conn)


@app.get("/count")
async def count(n: int = Depends(note_count)):
    return {"count": n}
