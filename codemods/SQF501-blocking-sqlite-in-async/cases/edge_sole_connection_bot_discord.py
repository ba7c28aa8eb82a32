"""A Discord bot (discord.py) whose cogs-free handlers share ONE module-level
connection opened with check_same_thread=False, the program's only connection
to its file, on one event loop with nothing beside it: no call meets a held
lock, each costs its own statement. Reported as MONITOR only. The commit of
`warn` after an await is a transaction left open across the await: other
handlers' statements join it (an interleaving hazard, not a loop stall)."""
import sqlite3

import discord
from discord.ext import commands

db = sqlite3.connect("levels.db", check_same_thread=False)
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_message(message):
    if message.author.bot:
        return
    db.execute(
        "INSERT INTO xp (member, points) VALUES (?, 1) "
        "ON CONFLICT(member) DO UPDATE SET points = points + 1",
        (message.author.id,),
    )
    db.commit()
    await bot.process_commands(message)


@bot.command()
async def rank(ctx):
    row = db.execute("SELECT points FROM xp WHERE member = ?", (ctx.author.id,)).fetchone()
    await ctx.send(f"{row[0] if row else 0} xp")


@bot.command()
async def warn(ctx, member: discord.Member, *, reason: str):
    db.execute("INSERT INTO warnings (member, reason) VALUES (?, ?)", (member.id, reason))
    await ctx.send(f"warned {member}")
    db.commit()


bot.run("token")
