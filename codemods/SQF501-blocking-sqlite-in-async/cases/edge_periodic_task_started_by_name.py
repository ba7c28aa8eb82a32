"""Periodic tasks started by a command that picks one from a registry at run
time (`registry[name].start()`): any task of the registry may run, so the
blocking reads of every task are reported, also the one the ready hook leaves
stopped."""

import sqlite3

import discord
from discord.ext import commands, tasks

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())
conn = sqlite3.connect("shop.db")


@tasks.loop(minutes=5)
async def shop_check():
    rows = conn.execute("SELECT item, price FROM shop").fetchall()
    await bot.get_channel(1).send(str(len(rows)))


@tasks.loop(minutes=60)
async def legacy_check():
    rows = conn.execute("SELECT item, price FROM legacy").fetchall()
    await bot.get_channel(1).send(str(len(rows)))


registry = {"shop": shop_check, "legacy": legacy_check}


@bot.event
async def on_ready():
    shop_check.start()


@bot.command()
async def start(ctx, name):
    registry[name].start()


bot.run("token")
