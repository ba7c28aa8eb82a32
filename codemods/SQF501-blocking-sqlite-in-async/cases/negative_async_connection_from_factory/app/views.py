from app.storage import open_default, open_ledger, open_snapshot


async def balances(path):
    async with open_snapshot(path) as db:
        async with db.execute("SELECT account, total FROM balances") as cursor:
            return await cursor.fetchall()


async def record(path, account, amount):
    db = await open_ledger(path)
    try:
        await db.execute(
            "INSERT INTO entries (account, amount) VALUES (?, ?)", (account, amount)
        )
        await db.commit()
    finally:
        await db.close()


async def count():
    async with open_default() as db:
        cursor = await db.execute("SELECT count(*) FROM entries")
        return (await cursor.fetchone())[0]
