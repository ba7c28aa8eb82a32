"""The same app with `mode=ro` readers: a read-only connection still takes a
shared lock, so aiosqlite's worker threads make the rollback-journal writer wait:
the writer is reported."""
import sqlite3

import aiosqlite
from fastapi import FastAPI

app = FastAPI()


def store(db_path, rows):
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", rows)
    conn.commit()
    conn.close()


@app.post("/parse/{name}")
async def parse(name: str, rows: list[int]):
    store(f"data/{name}.db", [(r,) for r in rows])
    return {"ok": True}


@app.get("/table/{name}")
async def table(name: str):
    dsn = "file:{}?mode=ro".format(f"data/{name}.db")
    async with aiosqlite.connect(dsn, uri=True) as db:
        cursor = await db.execute("SELECT x FROM t")
        return [row[0] for row in await cursor.fetchall()]
