import aiosqlite


async def init(path):
    async with aiosqlite.connect(path) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS jobs (name TEXT NOT NULL)")


async def record(path, name):
    db = await aiosqlite.connect(path, timeout=0.2)
    await db.execute("INSERT INTO jobs (name) VALUES (?)", (name,))
    if name.startswith("bad"):
        raise ValueError(f"rejected job {name!r}")
    await db.commit()
    await db.close()
    return name


async def names(path):
    async with aiosqlite.connect(path) as db:
        rows = await (await db.execute("SELECT name FROM jobs ORDER BY rowid")).fetchall()
        return [row[0] for row in rows]
