"""A handler that opens a connection, writes and returns: SQF501 moves the work
into a worker function first, then SQF202 closes the connection inside that
function. Closing first would pull the `return` into the block, which cannot
move into a thread."""

import sqlite3

DB_PATH = "uploads.db"


async def upload(name, data):
    conn = sqlite3.connect(DB_PATH)
    conn.execute("INSERT INTO uploads (name, size) VALUES (?, ?)", (name, len(data)))
    conn.commit()
    return {"name": name, "size": len(data)}
