import aiosqlite
from fastapi import FastAPI

from settings import NOTES_DB

app = FastAPI()


@app.get("/notes")
async def notes():
    async with aiosqlite.connect(NOTES_DB) as db:
        async with db.execute("SELECT body FROM notes") as cursor:
            return await cursor.fetchall()
