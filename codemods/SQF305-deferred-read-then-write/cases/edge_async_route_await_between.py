"""The same counter, but the handler awaits a lookup between its read and its
write: another request runs at that await, reads the same value, and one of
the two increments is lost. Reported."""
import sqlite3

import httpx
from fastapi import FastAPI

app = FastAPI()
DB = "hits.db"


@app.post("/hit/{key}")
async def hit(key: str):
    conn = sqlite3.connect(DB)
    row = conn.execute("SELECT hits FROM counters WHERE key = ?", (key,)).fetchone()
    async with httpx.AsyncClient() as client:
        await client.post("https://stats.example.com/seen", json={"key": key})
    conn.execute("UPDATE counters SET hits = ? WHERE key = ?", (row[0] + 1, key))
    conn.commit()
    conn.close()
    return {"hits": row[0] + 1}
