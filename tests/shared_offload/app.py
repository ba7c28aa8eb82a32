"""Requests that each run one transaction on a module connection shared with
worker threads (check_same_thread=False), on the event loop: `create` commits,
`cancel` rolls back."""
import sqlite3

conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
conn.execute("CREATE TABLE items (name TEXT)")
conn.execute("CREATE TABLE counters (n INTEGER)")
conn.execute("INSERT INTO counters VALUES (0)")


async def create(name):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    conn.execute("UPDATE counters SET n = n + 1")
    conn.execute("COMMIT")
    return {"ok": True}


async def cancel(name):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    conn.execute("ROLLBACK")
    return {"ok": False}
