import aiosqlite
from fastapi import FastAPI

from config import DB_PATH

app = FastAPI()


@app.post("/jobs")
async def enqueue(payload: str):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("INSERT INTO jobs (payload) VALUES (?)", (payload,))
        await db.commit()
