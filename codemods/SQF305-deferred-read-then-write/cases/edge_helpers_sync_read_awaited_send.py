"""Sync helpers on a module-level connection, called from a coroutine: the
read itself does not suspend, so only an await after it lets another command
in. Reported: an await between the read and the write back on the path that
writes (a progress message). Not reported: the same command whose only await
sits after the write."""
import sqlite3

import discord
from discord.ext import commands

conn = sqlite3.connect("game.db")


def points_of(user_id):
    row = conn.execute("SELECT points FROM players WHERE user_id = ?", (user_id,)).fetchone()
    return row[0] if row else 0


def save_points(user_id, points):
    conn.execute("INSERT OR REPLACE INTO players (user_id, points) VALUES (?, ?)", (user_id, points))
    conn.commit()


bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.command()
async def win(ctx):
    points = points_of(ctx.author.id)
    await ctx.send("Counting your win...")
    save_points(ctx.author.id, points + 3)


@bot.command()
async def draw(ctx):
    points = points_of(ctx.author.id)
    save_points(ctx.author.id, points + 1)
    await ctx.send("A draw: one point.")


bot.run("token")
