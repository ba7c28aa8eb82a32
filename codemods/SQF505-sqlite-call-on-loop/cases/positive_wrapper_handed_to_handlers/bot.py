import discord
from discord.ext import commands

from handlers import votes
from handlers.commands import PollCommands
from storage.database import Database

db = Database("polls.db")
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


@bot.event
async def on_raw_reaction_add(payload):
    await votes.on_vote(db, payload.message_id, payload.user_id)


if __name__ == "__main__":
    bot.add_cog(PollCommands(bot, db))
    bot.run("token")
