"""An ASGI app whose handlers are all coroutines and which starts no thread:
the counter's read and write run back to back with no await between them, so
no other request can run in between on the one event-loop thread. (Blocking
the loop is SQF501's finding; once that fix moves the work to a thread, the
read-then-write is reported again.)"""
import sqlite3

from fastapi import FastAPI

app = FastAPI()
DB = "hits.db"


@app.post("/hit/{key}")
async def hit(key: str):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT hits FROM counters WHERE key = ?", (key,)).fetchone()
    conn.execute("UPDATE counters SET hits = ? WHERE key = ?", (row[0] + 1, key))
    conn.commit()
    conn.close()
    return {"hits": row[0] + 1}
