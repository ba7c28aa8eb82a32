"""WAL set on events.db says nothing about sessions.db: only that one is reported."""
import aiosqlite


async def events_db():
    db = await aiosqlite.connect("events.db")
    await db.execute("PRAGMA journal_mode=WAL")
    await db.execute("PRAGMA synchronous=NORMAL")
    return db


async def save_session(token):
    db = await aiosqlite.connect("sessions.db")
    await db.execute("PRAGMA synchronous=NORMAL")
    await db.execute("INSERT INTO sessions VALUES (?)", (token,))
    await db.commit()
    await db.close()
