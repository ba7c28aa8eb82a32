import aiosqlite


async def init(path):
    async with aiosqlite.connect(path) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS uploads (id INTEGER PRIMARY KEY, name TEXT)")


async def record_upload(path, name):
    async with aiosqlite.connect(path) as db:
        cursor = await db.execute("INSERT INTO uploads (name) VALUES (?)", (name,))
        return {"name": name, "rows": cursor.rowcount}


async def names(path):
    async with aiosqlite.connect(path) as db:
        rows = await (await db.execute("SELECT name FROM uploads ORDER BY id")).fetchall()
        return [row[0] for row in rows]
