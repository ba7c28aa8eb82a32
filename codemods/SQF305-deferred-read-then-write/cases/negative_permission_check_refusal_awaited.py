"""A game-master check gates a score change in a one-process bot. The check reads
the caller's row; the update writes another member's row from the command's
arguments. The only await between them sends the refusal and returns, so on the
path that writes the coroutine never yields: no other task of the loop can run
between the read and the write, and nothing else writes the table. Not reported."""
import sqlite3

import discord
from discord.ext import commands

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
conn = sqlite3.connect("league.db")


@bot.command()
async def setrank(ctx, member: discord.Member, rank: int):
    cur = conn.cursor()
    cur.execute("SELECT is_gm FROM members WHERE user_id = ?", (ctx.author.id,))
    caller = cur.fetchone()
    if caller is None or not caller[0]:
        await ctx.reply("Only a game master may change ranks.")
        return
    cur.execute("UPDATE members SET rank = ? WHERE user_id = ?", (rank, member.id))
    conn.commit()
    await ctx.reply(f"{member.display_name} is now rank {rank}.")


@bot.command()
async def bonus(ctx, member: discord.Member):
    row = conn.execute("SELECT is_gm FROM members WHERE user_id = ?", (ctx.author.id,)).fetchone()
    if not row or not row[0]:
        await ctx.reply("Not allowed.")
        return
    else:
        conn.execute("UPDATE members SET bonus = 1 WHERE user_id = ?", (member.id,))
        conn.commit()


bot.run("token")
