"""Writers take turns under one asyncio.Lock; the start-up repair writes
without it, but only on_ready awaits it, before the poller and commands run.
Its name is also spelled in a comment, in log messages and as the key of a
config read (`CONFIG["repair_rows"]`): none of those calls it, so it is still
start-up code and the rollback journal is not reported."""
import asyncio
import json
import logging
import os

import aiosqlite
from discord.ext import commands, tasks

DB_PATH = "data/alerts.db"
_write_lock = asyncio.Lock()

bot = commands.Bot(command_prefix="!")
log = logging.getLogger(__name__)
CONFIG = json.loads(os.environ.get("BOT_CONFIG", "{}"))  # see repair_rows below


async def repair_rows():
    # Start-up only: on_ready awaits it before the poller and commands run.
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("UPDATE feeds SET enabled = 1 WHERE enabled IS NULL")
        await db.commit()


@bot.event
async def on_ready():
    async with aiosqlite.connect(DB_PATH) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS feeds (name TEXT PRIMARY KEY, seen TEXT, enabled INTEGER)")
        await db.commit()
    if CONFIG.get("repair", True) and CONFIG["repair_rows"]:
        await repair_rows()
        log.info("repair_rows fixed the feeds without a flag")
    else:
        log.warning(f"set repair_rows in {CONFIG!r} to fix the feeds")
    poll.start()


@tasks.loop(seconds=60)
async def poll():
    async with aiosqlite.connect(DB_PATH) as db:
        async with _write_lock:
            await db.execute("UPDATE feeds SET seen = datetime('now') WHERE enabled = 1")
            await db.commit()


@bot.command()
@commands.has_permissions(administrator=True)
async def follow(ctx, name: str):
    async with aiosqlite.connect(DB_PATH) as db:
        async with _write_lock:
            await db.execute("INSERT OR REPLACE INTO feeds (name, enabled) VALUES (?, 1)", (name,))
            await db.commit()
    await ctx.send(f"following {name}")


@bot.command()
async def feeds(ctx):
    async with aiosqlite.connect(DB_PATH) as db:
        cursor = await db.execute("SELECT name FROM feeds")
        await ctx.send(", ".join(row[0] for row in await cursor.fetchall()))


if __name__ == "__main__":
    bot.run("token")
