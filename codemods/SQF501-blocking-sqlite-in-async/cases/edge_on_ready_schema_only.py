"""A Discord bot whose `on_ready` listener creates its table with sync sqlite3:
that runs once the bot has connected, before it handles a command, and
`CREATE TABLE IF NOT EXISTS` changes nothing when a reconnect runs it again. Not
reported there. The `richest` command reads the whole table on the loop while
other members' commands wait: reported."""

import sqlite3

import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_ready():
    conn = sqlite3.connect("economy.db")
    conn.execute("CREATE TABLE IF NOT EXISTS wallets (user INTEGER PRIMARY KEY, coins INTEGER)")
    conn.commit()
    conn.close()
    print(f"logged in as {bot.user}")


@bot.command()
async def richest(ctx):
    conn = sqlite3.connect("economy.db")
    rows = conn.execute("SELECT user, coins FROM wallets ORDER BY coins DESC").fetchall()
    conn.close()
    await ctx.send(f"{rows[0][0] if rows else 'nobody'}")


bot.run("token")
