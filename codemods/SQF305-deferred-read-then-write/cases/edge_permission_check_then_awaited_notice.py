"""The game-master check of a score change again, in a one-process bot, but
the write path itself awaits between the check and the update: a confirmation
message is sent before the rank is written, and another command can demote the
game master or change the same member's rank while this one is suspended.
The rank written comes from the arguments, but the decision to write rests on
the row read: reported (the loop's other tasks are the second writer).
A score read, a message awaited, then the score plus a bonus written back: the
plain lost update, reported."""
import sqlite3

import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
conn = sqlite3.connect("league.db")


@bot.command()
async def setrank(ctx, member: discord.Member, rank: int):
    caller = conn.execute("SELECT is_gm FROM members WHERE user_id = ?", (ctx.author.id,)).fetchone()
    if caller is None or not caller[0]:
        return
    await ctx.reply(f"Setting {member.display_name} to rank {rank}...")
    conn.execute("UPDATE members SET rank = ? WHERE user_id = ?", (rank, member.id))
    conn.commit()


@bot.command()
async def demote(ctx, member: discord.Member):
    conn.execute("UPDATE members SET is_gm = 0, rank = 0 WHERE user_id = ?", (member.id,))
    conn.commit()


@bot.command()
async def reward(ctx, member: discord.Member):
    row = conn.execute("SELECT score FROM members WHERE user_id = ?", (member.id,)).fetchone()
    await ctx.reply(f"{member.display_name} had {row[0]} points.")
    conn.execute("UPDATE members SET score = ? WHERE user_id = ?", (row[0] + 5, member.id))
    conn.commit()


bot.run("token")
