import aiosqlite


async def init(path):
    async with aiosqlite.connect(path, timeout=0.3) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS stages (doc TEXT, stage TEXT)")
        await db.commit()


async def record_stage(path, doc, stage):
    async with aiosqlite.connect(path, timeout=0.3) as db:
        await db.execute("INSERT INTO stages (doc, stage) VALUES (?, ?)", (doc, stage))
        await db.commit()


async def stages(path):
    db = await aiosqlite.connect(path, timeout=0.3)
    try:
        async with db.execute("SELECT doc, stage FROM stages ORDER BY doc") as cursor:
            return [tuple(row) for row in await cursor.fetchall()]
    finally:
        await db.close()
