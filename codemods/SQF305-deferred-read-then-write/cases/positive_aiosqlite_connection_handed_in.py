"""Coroutines that receive an aiosqlite connection from their caller, read a row
and write a value computed from it: concurrent requests interleave at the awaits
and overwrite each other's updates. An atomic `SET n = n + ?` is not flagged; a
function that leaves the commit to its caller gets the finding without a fix."""


async def bump_stat(db, name, by=1):
    cursor = await db.execute("SELECT value FROM stats WHERE name = ?", (name,))
    row = await cursor.fetchone()
    value = (row[0] if row else 0) + by
    await db.execute("INSERT OR REPLACE INTO stats (name, value) VALUES (?, ?)", (name, value))
    await db.commit()


async def bump_atomic(db, name, by=1):
    await db.execute("UPDATE stats SET value = value + ? WHERE name = ?", (by, name))
    await db.commit()


async def reserve(db, item):
    cursor = await db.execute("SELECT stock FROM items WHERE id = ?", (item,))
    (stock,) = await cursor.fetchone()
    if stock > 0:
        await db.execute("UPDATE items SET stock = ? WHERE id = ?", (stock - 1, item))
