"""Like the start-up repair whose name is only logged, but an admin command
also looks the repair up by its name (`getattr(module, "repair_rows")`) and
runs it while the poller writes: the name reaches the function, so it is not
start-up-only, and its unlocked write meets the others: the rollback journal
is reported."""
import asyncio
import sys

import aiosqlite
from discord.ext import commands, tasks

DB_PATH = "data/alerts.db"
_write_lock = asyncio.Lock()

bot = commands.Bot(command_prefix="!")


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
    await repair_rows()
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
@commands.has_permissions(administrator=True)
async def maintain(ctx):
    job = getattr(sys.modules[__name__], "repair_rows")
    await job()


@bot.command()
async def feeds(ctx):
    async with aiosqlite.connect(DB_PATH) as db:
        cursor = await db.execute("SELECT name FROM feeds")
        await ctx.send(", ".join(row[0] for row in await cursor.fetchall()))


if __name__ == "__main__":
    bot.run("token")
