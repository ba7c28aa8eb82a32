"""A Discord bot whose `on_ready` listener creates its table with sync sqlite3:
that runs once the bot has connected, before it handles a command, and
`CREATE TABLE IF NOT EXISTS` changes nothing when a reconnect runs it again. Not
reported there. The `balance` command runs the same kind of call on the loop
while other members' commands wait: reported."""

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
async def balance(ctx):
    conn = sqlite3.connect("economy.db")
    row = conn.execute("SELECT coins FROM wallets WHERE user = ?", (ctx.author.id,)).fetchone()
    conn.close()
    await ctx.send(f"{row[0] if row else 0} coins")


bot.run("token")
