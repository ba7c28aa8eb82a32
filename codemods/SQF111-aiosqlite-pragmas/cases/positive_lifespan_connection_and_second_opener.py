# The lifespan opens one shared connection, but one route opens a second
# connection to the same file for its export: the two connections contend
# for the file's lock, so the advice stays on both.
from contextlib import asynccontextmanager

import aiosqlite
from fastapi import FastAPI

DB_PATH = "notes.db"
notes = None


@asynccontextmanager
async def lifespan(app):
    global notes
    notes = await aiosqlite.connect(DB_PATH)
    yield
    await notes.close()


app = FastAPI(lifespan=lifespan)


@app.post("/notes")
async def add_note(text: str):
    await notes.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    await notes.commit()
    return {"ok": True}


@app.post("/notes/archive")
async def archive():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE notes SET archived = 1 WHERE archived = 0")
        await db.commit()
    return {"ok": True}
