"""Per-call aiosqlite connections that each run one statement: an `INSERT OR
IGNORE` of a visit and an atomic `hits = hits + 1`. The route handlers run
concurrently, so the advice stays; every transaction is one statement, so the
waits are milliseconds: MONITOR, with the reason in a note. The `report`
route's connection, whose read decides nothing, is no writer."""

import aiosqlite
from fastapi import FastAPI

DB = "visits.db"
app = FastAPI()


async def add_visitor(page: str, visitor: str) -> None:
    async with aiosqlite.connect(DB) as db:
        await db.execute("INSERT OR IGNORE INTO visitors (page, who) VALUES (?, ?)", (page, visitor))
        await db.commit()


async def bump(page: str) -> None:
    async with aiosqlite.connect(DB) as db:
        await db.execute("UPDATE pages SET hits = hits + 1 WHERE name = ?", (page,))
        await db.commit()


@app.post("/visit/{page}")
async def visit(page: str, visitor: str):
    await add_visitor(page, visitor)
    await bump(page)
    return {"ok": True}


@app.get("/report")
async def report():
    async with aiosqlite.connect(DB) as db:
        cur = await db.execute("SELECT name, hits FROM pages ORDER BY hits DESC")
        return {"pages": await cur.fetchall()}
