"""A Discord bot's point commands. `give` holds the module's `asyncio.Lock`
from the read to the write: the other tasks running it wait at the lock, so
the await between the read and the write lets none of them in: quiet. `take`
makes a new lock on every call, which orders nothing: reported, as is `gift`,
which takes no lock at all."""
import asyncio

import aiosqlite
import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
DB = "points.db"
_points_lock = asyncio.Lock()


async def audit(member):
    await asyncio.sleep(0)


@bot.command()
async def give(ctx, member: discord.Member, amount: int):
    async with _points_lock:
        async with aiosqlite.connect(DB) as db:
            cur = await db.execute("SELECT points FROM users WHERE id = ?", (member.id,))
            row = await cur.fetchone()
            await audit(member)
            if row is None:
                await db.execute("INSERT INTO users (id, points) VALUES (?, ?)", (member.id, amount))
            else:
                await db.execute("UPDATE users SET points = ? WHERE id = ?", (row[0] + amount, member.id))
            await db.commit()
    await ctx.send("ok")


@bot.command()
async def take(ctx, member: discord.Member, amount: int):
    lock = asyncio.Lock()
    async with lock:
        async with aiosqlite.connect(DB) as db:
            cur = await db.execute("SELECT points FROM users WHERE id = ?", (member.id,))
            row = await cur.fetchone()
            await audit(member)
            await db.execute("UPDATE users SET points = ? WHERE id = ?", (row[0] - amount, member.id))
            await db.commit()
    await ctx.send("ok")


@bot.command()
async def gift(ctx, member: discord.Member, amount: int):
    async with aiosqlite.connect(DB) as db:
        cur = await db.execute("SELECT points FROM users WHERE id = ?", (member.id,))
        row = await cur.fetchone()
        await audit(member)
        await db.execute("UPDATE users SET points = ? WHERE id = ?", (row[0] + amount, member.id))
        await db.commit()
    await ctx.send("ok")


bot.run("token")
