"""Creates the feed table when the bot starts."""
import aiosqlite

DB_PATH = "data/feeds.db"


async def init_db():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS feed (name TEXT PRIMARY KEY, seen TEXT)")
        await db.commit()
