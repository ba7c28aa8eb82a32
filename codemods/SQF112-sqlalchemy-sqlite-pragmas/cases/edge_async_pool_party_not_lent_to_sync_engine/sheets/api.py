from fastapi import FastAPI
from sqlalchemy import text

from .db import AsyncSessionLocal

app = FastAPI()


@app.post("/sheets/{name}")
async def add_sheet(name: str):
    async with AsyncSessionLocal() as session:
        await session.execute(text("INSERT INTO sheets (name) VALUES (:n)"), {"n": name})
        await session.commit()
    return {"ok": True}
