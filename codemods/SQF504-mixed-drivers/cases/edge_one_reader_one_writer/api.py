# The read-only open is left out, but aiosqlite also writes this file and the
# worker writes it with sqlite3: two writing drivers, still reported.
import aiosqlite
from fastapi import FastAPI

app = FastAPI()
DB = "data/jobs.db"


@app.get("/jobs")
async def jobs():
    async with aiosqlite.connect(f"file:{DB}?mode=ro", uri=True) as db:
        async with db.execute("SELECT * FROM jobs") as cursor:
            return await cursor.fetchall()


@app.post("/jobs")
async def add_job():
    async with aiosqlite.connect(DB) as db:
        await db.execute("INSERT INTO jobs DEFAULT VALUES")
        await db.commit()
