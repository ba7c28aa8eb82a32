"""Where the dependence is less direct. Reported: a value computed from the row
by a helper call and then written; a write whose value is not from the rows but
which runs only because rows came back (`if rows:`: a control dependence; two
callers both see rows and both write). Not reported: rows used only in a log
call, then a write of the arguments."""
import logging

import aiosqlite

DB = "scores.db"
log = logging.getLogger(__name__)


def next_level(points, gained):
    return points // 100 + gained


async def level_up(user, gained):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT points FROM scores WHERE user = ?", (user,))
        row = await cursor.fetchone()
        level = next_level(row[0], gained)
        await db.execute("UPDATE scores SET level = ? WHERE user = ?", (level, user))
        await db.commit()


async def handle_reports(post, moderator):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT id FROM reports WHERE post = ? AND open = 1", (post,))
        rows = await cursor.fetchall()
        if rows:
            await db.execute(
                "UPDATE reports SET handled_by = ? WHERE post = ?", (moderator, post)
            )
            await db.commit()


async def record_visit(user, page):
    async with aiosqlite.connect(DB) as db:
        cursor = await db.execute("SELECT points FROM scores WHERE user = ?", (user,))
        row = await cursor.fetchone()
        log.debug("visit by %s with %s points", user, row)
        await db.execute("INSERT INTO visits (user, page) VALUES (?, ?)", (user, page))
        await db.commit()
