"""A well-kept async repository: PRAGMAs from a settings dict, readers left alone."""
import aiosqlite

PRAGMAS = {"journal_mode": "wal", "synchronous": "normal", "foreign_keys": "on"}


async def configure(db):
    for name, value in PRAGMAS.items():
        await db.execute(f"PRAGMA {name}={value}")


async def open_db(path):
    db = await aiosqlite.connect(path, timeout=5.0)
    await configure(db)
    return db


async def count_documents(path):
    # Read-only: nothing to configure for a SELECT.
    async with aiosqlite.connect(path) as db:
        async with db.execute("SELECT count(*) FROM documents") as cursor:
            return (await cursor.fetchone())[0]


async def scratch():
    async with aiosqlite.connect(":memory:") as db:
        await db.execute("CREATE TABLE t (x)")
        await db.commit()
