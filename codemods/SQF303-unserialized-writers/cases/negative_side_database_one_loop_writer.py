"""A Discord bot's side database of command counts: events add to an in-memory
counter, and a `tasks.loop` flushes it every minute (a loop never overlaps
itself) with `INSERT` or an atomic `count = count + ?`. The read before the
write only chooses between the two statements; the owner's `stats` command
reads. One writer, nothing to serialize, no update to lose."""

import aiosqlite
import discord
from discord.ext import commands, tasks

DB = "counts.db"
held: dict[str, int] = {}
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_command(ctx):
    held[ctx.command.name] = held.get(ctx.command.name, 0) + 1


@tasks.loop(minutes=1)
async def flush():
    async with aiosqlite.connect(DB) as db:
        for name, n in list(held.items()):
            cur = await db.execute("SELECT count FROM counts WHERE name = ?", (name,))
            if await cur.fetchone() is None:
                await db.execute("INSERT INTO counts (name, count) VALUES (?, ?)", (name, n))
            else:
                await db.execute("UPDATE counts SET count = count + ? WHERE name = ?", (n, name))
        await db.commit()
    held.clear()


@bot.command()
@commands.is_owner()
async def stats(ctx):
    async with aiosqlite.connect(DB) as db:
        cur = await db.execute("SELECT name, count FROM counts ORDER BY count DESC")
        rows = await cur.fetchall()
    await ctx.send("\n".join(f"{n}: {c}" for n, c in rows))


@bot.event
async def on_ready():
    async with aiosqlite.connect(DB) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS counts (name TEXT PRIMARY KEY, count INTEGER)")
        await db.commit()
    flush.start()


bot.run("token")
