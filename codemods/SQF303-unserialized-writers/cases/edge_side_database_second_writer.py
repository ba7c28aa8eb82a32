"""The side database of command counts, now also written by a `reset`
command that runs whenever someone types it: the flush loop is no longer the
only writer, so its writes and reads-then-writes are reported again."""

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
async def reset(ctx, name: str):
    async with aiosqlite.connect(DB) as db:
        cur = await db.execute("SELECT count FROM counts WHERE name = ?", (name,))
        if await cur.fetchone() is not None:
            await db.execute("UPDATE counts SET count = 0 WHERE name = ?", (name,))
        await db.commit()


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
