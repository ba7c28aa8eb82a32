"""One branch of the conditional expression is an aiosqlite store, the other a
sqlite3 one. When the sync branch runs, its query blocks the loop while the
sweeper thread writes the same file: reported, naming the sync store's
method."""

import sqlite3
import threading

import aiosqlite
from fastapi import FastAPI


class LiveEvents:
    def __init__(self, path):
        self.path = path

    async def latest(self, n):
        async with aiosqlite.connect(self.path) as db:
            cursor = await db.execute("SELECT * FROM live ORDER BY id DESC LIMIT ?", (n,))
            return await cursor.fetchall()


class OldEvents:
    def __init__(self, path):
        self.path = path

    def latest(self, n):
        conn = sqlite3.connect(self.path)
        rows = conn.execute("SELECT * FROM old ORDER BY id DESC LIMIT ?", (n,)).fetchall()
        conn.close()
        return rows

    def sweep(self):
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute("DELETE FROM old WHERE id < (SELECT MAX(id) - 1000 FROM old)")
        conn.close()


class Events:
    def __init__(self):
        self.live = LiveEvents("events.db")
        self.old = OldEvents("events.db")


events = Events()
app = FastAPI()


@app.get("/events")
async def latest(archived: bool = False):
    source = events.live if not archived else events.old
    found = source.latest(10)
    if not archived:
        found = await found
    return found


def sweeper():
    while True:
        events.old.sweep()


threading.Thread(target=sweeper, daemon=True).start()
