"""Two helpers with the same shape and names that say nothing: what each one
returns decides. The sqlite3 one blocks the loop in every caller; the
aiosqlite one does not, even though its name mentions sqlite."""
import sqlite3

import aiosqlite


def connect_sqlite(path):
    return aiosqlite.connect(path)


def connect_store(path):
    return sqlite3.connect(path)


async def recent_async(path):
    async with connect_sqlite(path) as db:
        cursor = await db.execute("SELECT id FROM jobs ORDER BY id DESC LIMIT 10")
        return await cursor.fetchall()


async def recent_blocking(path):
    conn = connect_store(path)
    rows = conn.execute("SELECT id FROM jobs ORDER BY id DESC LIMIT 10").fetchall()
    conn.close()
    return rows
