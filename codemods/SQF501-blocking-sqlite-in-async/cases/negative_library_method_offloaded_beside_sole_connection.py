"""A Discord bot whose handlers share its one module-level connection on the
event loop, and which hands a library object's method to the default executor
(`run_in_executor(None, rcon.command, ...)` on an RCON client built in the
handler). The executor thread runs the library's code, which opens none of the
program's databases: it is no second party. The sole connection is left to
SQF505's monitor note, as in the same bot with no executor; SQF501 is quiet."""
import asyncio
import sqlite3

import discord
from discord.ext import commands
from mcrcon import MCRcon

db = sqlite3.connect("whitelist.db", check_same_thread=False)
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def whitelist(ctx, player: str):
    db.execute("INSERT INTO players (discord_id, name) VALUES (?, ?)", (ctx.author.id, player))
    db.commit()
    rcon = MCRcon("127.0.0.1", "secret")
    rcon.connect()
    loop = asyncio.get_running_loop()
    reply = await loop.run_in_executor(None, rcon.command, f"whitelist add {player}")
    rcon.disconnect()
    await ctx.send(reply)


@bot.command()
async def who(ctx):
    row = db.execute("SELECT name FROM players WHERE discord_id = ?", (ctx.author.id,)).fetchone()
    await ctx.send(row[0] if row else "not whitelisted")


bot.run("token")
