"""Coroutines on one aiosqlite connection per call whose write rests on what
they read, by value or by control, with awaits between the read and the write
(the loop's other tasks run there): a counter read and written back, a seat
inserted because the count read was under capacity, a job claimed because its
status said pending, and a write per fetched row."""
import aiosqlite

DB = "jobs.db"


async def bump_views(page):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT views FROM pages WHERE id = ?", (page,))
        (views,) = await cursor.fetchone()
        await db.execute("UPDATE pages SET views = ? WHERE id = ?", (views + 1, page))
        await db.commit()


async def book(show, user, capacity):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT count(*) FROM seats WHERE show = ?", (show,))
        (taken,) = await cursor.fetchone()
        if taken < capacity:
            await db.execute("INSERT INTO seats (show, user) VALUES (?, ?)", (show, user))
            await db.commit()


async def claim(job_id, worker):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT status FROM jobs WHERE id = ?", (job_id,))
        row = await cursor.fetchone()
        if row["status"] != "pending":
            return False
        await db.execute("UPDATE jobs SET status = 'running', worker = ? WHERE id = ?", (worker, job_id))
        await db.commit()
        return True


async def reassign(old, new):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT id FROM jobs WHERE worker = ?", (old,))
        for (job_id,) in await cursor.fetchall():
            await db.execute("UPDATE jobs SET worker = ? WHERE id = ?", (new, job_id))
        await db.commit()
