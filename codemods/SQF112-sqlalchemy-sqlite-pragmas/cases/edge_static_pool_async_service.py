"""An async service whose one engine holds one connection (StaticPool) and is
the only opener of its file, in one process. One connection never waits for
its own lock (docs/sqlite-facts.md#F-busy-needs-two), but the requests'
sessions interleave in its one transaction, which the pool finding reports;
its fix drops the pool and brings back several connections, so the PRAGMA
advice stays beside it. Expected: the pool, PRAGMA and BEGIN findings."""
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import StaticPool

engine = create_async_engine("sqlite+aiosqlite:///tally.db", poolclass=StaticPool)
app = FastAPI()


@app.post("/words")
async def record(word: str):
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO words (word) VALUES (:w)"), {"w": word})
    return {"ok": True}


@app.get("/words")
async def count():
    async with engine.connect() as conn:
        return (await conn.execute(text("SELECT count(*) FROM words"))).scalar()
