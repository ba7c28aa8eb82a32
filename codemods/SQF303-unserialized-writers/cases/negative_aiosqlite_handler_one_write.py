# Event handlers that each open their own aiosqlite connection for one short write
# transaction: the lock is held for milliseconds, a rare overlap costs one nap of
# the busy handler, and a process-wide queue would only add an await. No finding.
import aiosqlite

DB_PATH = "bot.db"


async def on_member_join(member_id: int, guild_id: int) -> None:
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute(
            "INSERT OR IGNORE INTO members (id, guild_id) VALUES (?, ?)",
            (member_id, guild_id),
        )
        await db.commit()


async def on_member_remove(member_id: int) -> None:
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("DELETE FROM members WHERE id = ?", (member_id,))
        await db.commit()
