"""A queue pool of one connection with no overflow is one connection at a
time: an async service that opens its file nowhere else, in one process,
cannot have a lock wait on it. Expected: no PRAGMA advice; the BEGIN
IMMEDIATE half is still reported."""
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    "sqlite+aiosqlite:///inventory.db", pool_size=1, max_overflow=0
)
app = FastAPI()


@app.post("/restock")
async def restock(item: str, n: int):
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE stock SET n = n + :n WHERE item = :i"), {"n": n, "i": item}
        )
    return {"ok": True}
