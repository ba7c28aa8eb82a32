"""A Discord bot on one event loop: no thread, executor, worker process or
other program opens its database. Its handlers call a storage class whose every
method opens its own connection, runs a keyed statement and commits before it
returns, and one handler does the same inline before its first await. Sync
calls cannot interleave on one loop and no connection stays open across an
await, so no lock is held when a call starts: each call costs about a
millisecond (bench/load/loop_stall.py, case a). Reported as MONITOR only."""
import sqlite3

import discord
from discord.ext import commands

from .storage import DB_FILE, Storage

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
storage = Storage()


@bot.event
async def on_message(message):
    if message.author.bot:
        return
    storage.add_point(message.author.id)
    await bot.process_commands(message)


@bot.command()
async def points(ctx):
    await ctx.send(f"{storage.points(ctx.author.id)} points")


@bot.command()
async def top(ctx):
    rows = storage.top()
    await ctx.send("\n".join(f"<@{member}>: {pts}" for member, pts in rows))


@bot.command()
async def tag(ctx, *tags):
    storage.tag(ctx.author.id, tags)
    await ctx.send("tagged")


@bot.command()
async def reset(ctx, member: discord.Member):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("UPDATE members SET points = 0 WHERE id = ?", (member.id,))
    conn.commit()
    conn.close()
    await ctx.send("reset")


def main():
    storage.setup()
    bot.run("token")


if __name__ == "__main__":
    main()
