"""Async routes take the request's connection from a sync yield dependency that
gets it from an opener, and hand it (directly or inside a repository) to a
worker thread. FastAPI ran the dependency on a threadpool thread; the
`to_thread` call and the teardown after `yield` run on others, so with the
default check_same_thread every request raises ProgrammingError."""
import asyncio
import sqlite3

import anyio
from fastapi import Depends, FastAPI

app = FastAPI()


def open_db():
    conn = sqlite3.connect("notes.db", timeout=5)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def get_conn():
    conn = open_db()
    try:
        yield conn
    finally:
        conn.close()


class NoteRepo:
    def __init__(self, conn):
        self.conn = conn

    def list(self):
        return self.conn.execute("SELECT id, body FROM notes").fetchall()


def count_notes(conn):
    return conn.execute("SELECT count(*) FROM notes").fetchone()[0]


@app.get("/notes")
async def notes(conn=Depends(get_conn)):
    repo = NoteRepo(conn)
    return await anyio.to_thread.run_sync(repo.list)


@app.get("/count")
async def count(conn: sqlite3.Connection = Depends(get_conn)):
    return await asyncio.to_thread(count_notes, conn)
