"""A Discord bot on aiosqlite whose `on_ready` listener creates the tables on a
connection of its own, closed when the block ends: it runs before any command,
nothing else holds the file yet, and no later query uses that connection. Not
reported there; the commands' connection is configured."""

import aiosqlite
import discord
from discord.ext import commands

DB = "levels.db"
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_ready():
    async with aiosqlite.connect(DB) as db:
        await db.execute("CREATE TABLE IF NOT EXISTS xp (user INTEGER PRIMARY KEY, points INTEGER)")
        await db.commit()


@bot.command()
async def rank(ctx):
    async with aiosqlite.connect(DB, timeout=10) as db:
        await db.execute("PRAGMA journal_mode=WAL")
        cur = await db.execute("SELECT points FROM xp WHERE user = ?", (ctx.author.id,))
        row = await cur.fetchone()
    await ctx.send(str(row[0] if row else 0))


bot.run("token")
