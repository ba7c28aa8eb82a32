"""The notes service: every request goes through aiosqlite."""
import aiosqlite
from fastapi import FastAPI

from settings import NOTES_DB

app = FastAPI()


@app.post("/notes")
async def add_note(body: str):
    async with aiosqlite.connect(NOTES_DB) as db:
        await db.execute("INSERT INTO notes (body) VALUES (?)", (body,))
        await db.commit()
