"""A coroutine runs a whole transaction on a module connection shared with other
threads (check_same_thread=False). Offloading its statements one by one would let
concurrent requests' transactions interleave in worker threads, so each
coroutine's statements on it move as one block that holds the project's write
lock; a lone read on the same connection takes the same lock. A coroutine whose
statements on it sit on both sides of an await is reported without a fix."""
import sqlite3

conn = sqlite3.connect("app.db", check_same_thread=False, isolation_level=None, timeout=5.0)


async def create(name):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    conn.execute("UPDATE counters SET n = n + 1")
    conn.execute("COMMIT")
    return {"ok": True}


async def save(name):
    conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    conn.commit()


async def count():
    return conn.execute("SELECT count(*) FROM items").fetchone()[0]


async def audit(name):
    conn.execute("INSERT INTO log (what) VALUES (?)", (name,))
    await notify(name)
    conn.commit()


async def notify(name):
    return name
