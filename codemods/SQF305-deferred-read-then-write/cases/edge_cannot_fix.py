"""Shapes the fix leaves to a person; each finding says why."""
import sqlite3

import aiosqlite

DB = "app.db"


def bump_all(names):
    conn = sqlite3.connect(DB)
    for name in names:
        row = conn.execute("SELECT n FROM counters WHERE name = ?", (name,)).fetchone()
        conn.execute("UPDATE counters SET n = ? WHERE name = ?", (row[0] + 1, name))
    conn.commit()
    conn.close()


def stage(conn_path, key):
    conn = sqlite3.connect(conn_path, autocommit=False)
    row = conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
    conn.execute("UPDATE kv SET v = ? WHERE k = ?", (row[0] * 2, key))
    conn.commit()
    conn.close()


def toggle(key):
    conn = sqlite3.connect(DB, autocommit=True)
    row = conn.execute("SELECT flag FROM flags WHERE k = ?", (key,)).fetchone()
    conn.execute("UPDATE flags SET flag = ? WHERE k = ?", (not row[0], key))
    conn.close()


async def rename(doc_id, name):
    async with aiosqlite.connect(DB) as db:
        await db.execute('begin')
        cur = await db.execute("SELECT name FROM documents WHERE id = ?", (doc_id,))
        old = await cur.fetchone()
        if old[0] != name:
            await db.execute("UPDATE documents SET name = ? WHERE id = ?", (name, doc_id))
        await db.commit()
