"""Two module-level connections to two DIFFERENT files (the bot's data and its
audit log), each the program's only connection to its file, on one loop with
nothing beside it: neither can wait for the other's lock (locks are per file).
Reported as MONITOR only."""
import sqlite3

import discord
from discord.ext import commands

data = sqlite3.connect("data/economy.db")
audit = sqlite3.connect("data/audit.db")
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def pay(ctx, member: discord.Member, amount: int):
    data.execute("UPDATE wallets SET coins = coins - ? WHERE id = ?", (amount, ctx.author.id))
    data.execute("UPDATE wallets SET coins = coins + ? WHERE id = ?", (amount, member.id))
    data.commit()
    audit.execute("INSERT INTO log (who, what) VALUES (?, ?)", (ctx.author.id, f"pay {amount}"))
    audit.commit()
    await ctx.send("paid")


bot.run("token")
