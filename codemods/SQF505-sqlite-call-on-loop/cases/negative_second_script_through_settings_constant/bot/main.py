"""A Discord bot with one module-level connection, used only by its handlers
on its one event loop. But another program of the repository,
tools/export.py, opens the same file through the same settings constant, in
a process of its own: its lock can make the bot's calls wait on the loop, so
SQF501 reports them, naming that program."""
import sqlite3

import discord
from discord.ext import commands

from bot import settings

conn = sqlite3.connect(settings.DB_PATH)
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def note(ctx, *, text):
    conn.execute("INSERT INTO notes (author, text) VALUES (?, ?)", (ctx.author.id, text))
    conn.commit()
    await ctx.send("noted")


@bot.command()
async def count(ctx):
    row = conn.execute("SELECT COUNT(*) FROM notes WHERE author = ?", (ctx.author.id,)).fetchone()
    await ctx.send(str(row[0]))


if __name__ == "__main__":
    bot.run("token")
