"""The helper class of a bot again, where nothing read is written back or
nothing can run between. Not reported:
- the amount written comes from the command's arguments, not from the read;
- the value read is copied into a history table with a plain INSERT (a new
  row: no update of another caller's can be lost);
- a sync helper read and a sync helper write with no await between them on
  the path that writes (the refusal awaited before `return` is not on it);
- the read helper reads another table than the one written."""
import sqlite3

import discord
from discord.ext import commands

conn = sqlite3.connect("wallets.db")


def coins_of(user_id):
    row = conn.execute("SELECT coins FROM wallets WHERE user_id = ?", (user_id,)).fetchone()
    return row[0] if row else 0


def level_of(user_id):
    row = conn.execute("SELECT level FROM levels WHERE user_id = ?", (user_id,)).fetchone()
    return row[0] if row else 0


def store_coins(user_id, coins):
    conn.execute("UPDATE wallets SET coins = ? WHERE user_id = ?", (coins, user_id))
    conn.commit()


def log_balance(user_id, coins):
    conn.execute("INSERT INTO history (user_id, coins) VALUES (?, ?)", (user_id, coins))
    conn.commit()


bot = commands.Bot(command_prefix="$", intents=discord.Intents.default())


@bot.command()
async def setcoins(ctx, member: discord.Member, amount: int):
    before = coins_of(member.id)
    await ctx.send(f"{member.display_name} had {before} coins.")
    store_coins(member.id, amount)


@bot.command()
async def snapshot(ctx):
    coins = coins_of(ctx.author.id)
    await ctx.send("Saving your balance.")
    log_balance(ctx.author.id, coins)


@bot.command()
async def spend(ctx, amount: int):
    coins = coins_of(ctx.author.id)
    if coins < amount:
        await ctx.send("Not enough coins.")
        return
    store_coins(ctx.author.id, coins - amount)
    await ctx.send("Done.")


@bot.command()
async def levelup(ctx):
    level = level_of(ctx.author.id)
    await ctx.send(f"Level {level}!")
    store_coins(ctx.author.id, level * 10)


bot.run("token")
