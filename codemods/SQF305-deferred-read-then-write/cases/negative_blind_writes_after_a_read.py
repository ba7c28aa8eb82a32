"""Coroutines that read rows for their response (or a log line) and then make a
write that does not rest on them: a status, a timestamp or an argument they were
handed, or a row of another table. Neither the value written nor whether the
write runs comes from the read, so two concurrent calls write what each was
given, last writer wins, whatever the isolation (taking the write lock first
would change nothing). A 404 guard that only asks whether the row exists does
not make the write depend on it either."""
import logging

import aiosqlite

DB = "files.db"
log = logging.getLogger(__name__)


async def list_files(job_id):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT name, size FROM files WHERE job = ?", (job_id,))
        rows = await cursor.fetchall()
        listing = [{"name": name, "size": size} for name, size in rows]
        await db.execute(
            "UPDATE jobs SET listed_at = CURRENT_TIMESTAMP WHERE id = ?", (job_id,)
        )
        await db.commit()
        return listing


async def add_note(user, text):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT theme, lang FROM prefs WHERE user = ?", (user,))
        prefs = await cursor.fetchone()
        log.info("note from %s (prefs %s)", user, prefs)
        await db.execute("INSERT INTO notes (user, text) VALUES (?, ?)", (user, text))
        await db.commit()
        return {"prefs": prefs}


async def set_status(job_id, status):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT id, name FROM jobs WHERE id = ?", (job_id,))
        job = await cursor.fetchone()
        if job is None:
            raise KeyError(job_id)
        await db.execute("UPDATE jobs SET status = ? WHERE id = ?", (status, job_id))
        await db.commit()
        return {"name": job[1], "status": status}
