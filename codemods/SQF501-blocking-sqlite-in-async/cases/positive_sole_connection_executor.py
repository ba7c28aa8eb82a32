"""One module connection shared by the handlers (check_same_thread=False),
but the bot also hands work on that connection to an executor thread: a
thread's transaction on it is open while the loop's statements run, so the
connection is no longer used by one thread. Reported, naming the thread."""
import asyncio
import sqlite3

import discord
from discord.ext import commands

db = sqlite3.connect("levels.db", check_same_thread=False)
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


def rebuild_ranks():
    db.execute("DELETE FROM ranks")
    db.execute("INSERT INTO ranks SELECT member, points FROM xp ORDER BY points DESC")
    db.commit()


@bot.command()
async def rank(ctx):
    row = db.execute("SELECT points FROM xp WHERE member = ?", (ctx.author.id,)).fetchone()
    await ctx.send(f"{row[0] if row else 0} xp")


@bot.command()
async def rebuild(ctx):
    await asyncio.get_running_loop().run_in_executor(None, rebuild_ranks)
    await ctx.send("rebuilt")


bot.run("token")
