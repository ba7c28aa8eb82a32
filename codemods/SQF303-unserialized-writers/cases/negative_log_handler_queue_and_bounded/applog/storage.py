"""Log rows in SQLite, one short-lived aiosqlite connection per call (default
5 s wait, rollback journal)."""

import aiosqlite

DB_PATH = "logs.db"


async def save_record(level, message, created):
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT INTO log_rows (level, message, created) VALUES (?, ?, ?)",
            (level, message, created),
        )
        await db.commit()
