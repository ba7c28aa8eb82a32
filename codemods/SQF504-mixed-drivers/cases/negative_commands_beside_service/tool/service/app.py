# The long-running service: one aiosqlite connection for its whole life.
import aiosqlite
from fastapi import FastAPI

from tool.config import DB_PATH

app = FastAPI()


@app.on_event("startup")
async def open_db():
    app.state.db = await aiosqlite.connect(DB_PATH)
    await app.state.db.execute("PRAGMA journal_mode=WAL")
    await app.state.db.execute("PRAGMA busy_timeout=5000")


@app.post("/notes")
async def add_note(text: str):
    await app.state.db.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    await app.state.db.commit()
