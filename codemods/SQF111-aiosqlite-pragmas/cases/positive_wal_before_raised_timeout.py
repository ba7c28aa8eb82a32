"""Each request of this service opens its own aiosqlite connection and asks
for WAL before it raises the busy timeout to 20 s; `open_ready` does it the
other way round. The switch in `open_db` waits only aiosqlite's default 5 s
for the file's lock: reported, with a safe fix that moves the timeout first.
`open_ready` is not reported."""
import aiosqlite
from fastapi import FastAPI

app = FastAPI()
DB = "notes.db"


async def open_db():
    db = await aiosqlite.connect(DB)
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA busy_timeout=20000")
    await db.execute("PRAGMA synchronous=NORMAL")
    return db


async def open_ready():
    db = await aiosqlite.connect(DB)
    await db.execute("PRAGMA busy_timeout=20000")
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    return db


@app.post("/notes")
async def add_note(text: str):
    db = await open_db()
    try:
        await db.execute("INSERT INTO notes(text) VALUES (?)", (text,))
        await db.commit()
    finally:
        await db.close()
    return {"ok": True}


@app.get("/notes")
async def list_notes():
    db = await open_ready()
    try:
        async with db.execute("SELECT text FROM notes") as cursor:
            return await cursor.fetchall()
    finally:
        await db.close()
