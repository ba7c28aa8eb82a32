"""A bot whose cogs (loaded by name from `cogs/`, in this process) and whose
queue-draining task all write one database file inside `async with lock:`,
the process-wide asyncio.Lock that `store.locks.get_lock()` hands out. Writers
take turns on the lock; readers wait for a commit at most: the rollback journal
is not reported."""
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
