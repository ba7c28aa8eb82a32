"""Two module-level connections of a bot to the SAME file, through one path
constant: a transaction one holds across an await makes a write on the other
wait in the busy handler on the loop. Reported, naming the second connection."""
import sqlite3

import discord
from discord.ext import commands

DB_PATH = "guild.db"

reader = sqlite3.connect(DB_PATH)
writer = sqlite3.connect(DB_PATH)
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def prefix(ctx):
    row = reader.execute("SELECT prefix FROM guilds WHERE id = ?", (ctx.guild.id,)).fetchone()
    await ctx.send(row[0] if row else "!")


@bot.command()
async def setprefix(ctx, value):
    writer.execute("UPDATE guilds SET prefix = ? WHERE id = ?", (value, ctx.guild.id))
    writer.commit()
    await ctx.send("ok")


bot.run("token")
