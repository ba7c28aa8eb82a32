"""An aiosqlite helper library whose every call opens a connection of its own,
each on a worker thread of its own: that second writer is named (two calls at
once are two connections on one file), so the connection that already waits
20 s for a lock keeps the advice like the one with aiosqlite's default 5 s.
A long wait silences the advice only where no second writer is in view."""
import aiosqlite

NOTES = "notes.db"


async def add_note(text):
    async with aiosqlite.connect(NOTES, timeout=20) as db:
        await db.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        await db.execute("UPDATE counts SET n = n + 1")
        await db.commit()


async def tag_note(note_id, tag):
    async with aiosqlite.connect(NOTES) as db:
        await db.execute("INSERT INTO tags (note_id, tag) VALUES (?, ?)", (note_id, tag))
        await db.execute("UPDATE counts SET tags = tags + 1")
        await db.commit()
