# composes: SQF501, SQF702
# A coroutine runs a whole transaction on a module connection shared with worker
# threads. SQF501 moves the transaction off the loop as one block under the
# project's write lock; SQF702 then rolls it back on failure (`with conn:`)
# inside the function SQF501 wrote, so a failed request leaves no transaction
# open on the shared connection.
import sqlite3

conn = sqlite3.connect("app.db", check_same_thread=False, isolation_level=None, timeout=5.0)


async def create(name):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO items (name) VALUES (?)", (name,))
    conn.execute("UPDATE counters SET n = n + 1")
    conn.execute("COMMIT")
    return {"ok": True}
