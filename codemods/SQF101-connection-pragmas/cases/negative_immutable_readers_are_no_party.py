"""An async web app: each upload is parsed once into its own database by sync
code on the event loop (SQF501's business), and the views read it through
aiosqlite with `immutable=1`, which takes no lock at all. aiosqlite's worker
threads never wait on the writer nor make it wait: there is no second party
for WAL or a busy timeout to help."""
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
    dsn = "file:{}?immutable=1".format(f"data/{name}.db")
    async with aiosqlite.connect(dsn, uri=True) as db:
        cursor = await db.execute("SELECT x FROM t")
        return [row[0] for row in await cursor.fetchall()]
