"""app.py as an offload of each statement on its own would leave it: what
SQF501 used to write for a shared connection."""
import asyncio
import sqlite3

conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
conn.execute("CREATE TABLE items (name TEXT)")
conn.execute("CREATE TABLE counters (n INTEGER)")
conn.execute("INSERT INTO counters VALUES (0)")


async def create(name):
    await asyncio.to_thread(lambda: conn.execute("BEGIN"))
    await asyncio.to_thread(lambda: conn.execute("INSERT INTO items (name) VALUES (?)", (name,)))
    await asyncio.to_thread(lambda: conn.execute("UPDATE counters SET n = n + 1"))
    await asyncio.to_thread(lambda: conn.execute("COMMIT"))
    return {"ok": True}


async def cancel(name):
    await asyncio.to_thread(lambda: conn.execute("BEGIN"))
    await asyncio.to_thread(lambda: conn.execute("INSERT INTO items (name) VALUES (?)", (name,)))
    await asyncio.to_thread(lambda: conn.execute("ROLLBACK"))
    return {"ok": False}
