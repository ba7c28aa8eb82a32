"""A Discord bot with three periodic tasks (`@tasks.loop`). Its ready hook
starts two of them; the third's `start()` was commented out, and nothing else
in the project starts it (it is only kept in a registry the stop command
cancels from; the thread started at the end is a new object, not a task).
Its body never runs, so its blocking whole-table read is not
reported; the running tasks' reads are."""

import sqlite3
import threading

import discord
from discord.ext import commands, tasks

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
conn = sqlite3.connect("shop.db")
registry = {}


@tasks.loop(minutes=5)
async def shop_check():
    rows = conn.execute("SELECT item, price FROM shop").fetchall()
    await bot.get_channel(1).send(str(len(rows)))


@tasks.loop(minutes=30)
async def price_check():
    rows = conn.execute("SELECT item, price FROM prices").fetchall()
    await bot.get_channel(1).send(str(len(rows)))


@tasks.loop(minutes=60)
async def legacy_check():
    rows = conn.execute("SELECT item, price FROM legacy").fetchall()
    await bot.get_channel(1).send(str(len(rows)))


@bot.event
async def on_ready():
    shop_check.start()
    price_check.start()
    # legacy_check.start()
    registry["shop"] = shop_check
    registry["legacy"] = legacy_check


@bot.command()
async def stop(ctx, name):
    registry[name].cancel()


def heartbeat():
    print("alive")


threading.Thread(target=heartbeat, daemon=True).start()
bot.run("token")
