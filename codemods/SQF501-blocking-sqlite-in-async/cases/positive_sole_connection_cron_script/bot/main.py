"""One module connection for the whole bot, but a second program of the
project (a nightly script run by cron) opens the same file in a process of its
own: while its transaction holds the lock, a handler's write on the bot's
connection waits on the loop. Reported, naming that program."""
import discord
from discord.ext import commands

from . import storage

bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_message(message):
    storage.add_point(message.author.id)
    await bot.process_commands(message)


@bot.command()
async def points(ctx):
    await ctx.send(f"{storage.points(ctx.author.id)} points")


if __name__ == "__main__":
    bot.run("token")
