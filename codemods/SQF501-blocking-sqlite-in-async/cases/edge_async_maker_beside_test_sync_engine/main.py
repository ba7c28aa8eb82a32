from fastapi import FastAPI
from sqlalchemy import text

from database import ReportSession, async_session, bound_session

app = FastAPI()


@app.get("/items")
async def items():
    async with async_session() as session:
        result = await session.execute(text("SELECT * FROM items"))
        return [dict(r._mapping) for r in result]


@app.post("/items")
async def add_item(name: str):
    async with bound_session() as session:
        await session.execute(text("INSERT INTO items (name) VALUES (:n)"), {"n": name})
        await session.commit()
    return {"ok": True}


@app.get("/report")
async def report():
    with ReportSession() as session:
        rows = session.execute(text("SELECT count(*) FROM items")).all()
    return {"count": rows[0][0]}
