"""One event loop, no thread, but a connection shared by the handlers keeps a
write transaction open across an await (the reply is sent before the commit).
Meanwhile another handler writes on a connection of its own: it waits in the
busy handler on the loop, where the holder can never resume to commit, for the
whole busy timeout (5 s, bench/load/loop_stall.py case d). Both reported; the
per-call write names the transaction it waits for."""
import sqlite3

import discord
from discord.ext import commands

DB_FILE = "shop.db"
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
shop = sqlite3.connect(DB_FILE)


def add_coin(member_id):
    conn = sqlite3.connect(DB_FILE)
    conn.execute("UPDATE wallets SET coins = coins + 1 WHERE member = ?", (member_id,))
    conn.commit()
    conn.close()


@bot.command()
async def buy(ctx, item: str):
    shop.execute("UPDATE stock SET count = count - 1 WHERE item = ?", (item,))
    await ctx.send(f"you bought {item}")
    shop.commit()


@bot.event
async def on_message(message):
    add_coin(message.author.id)
    await bot.process_commands(message)


bot.run("token")
