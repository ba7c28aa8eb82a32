"""The bot's launcher: it creates the tables, then loads every cog of `cogs/`
by name (`load_extension(f"cogs.{name}")`). The cogs, and what they import, run
in this process: the launcher is no second program beside them."""
import os

import discord
from discord.ext import commands

from store.schema import init_db

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_ready():
    await init_db()
    for filename in os.listdir("./cogs"):
        if filename.endswith(".py"):
            await bot.load_extension(f"cogs.{filename[:-3]}")


if __name__ == "__main__":
    bot.run(os.environ["BOT_TOKEN"])
