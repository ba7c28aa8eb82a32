"""What every part of the bot shares: one autocommit connection opened at import
and the py-cord bot object. The nightly export opens the same file."""
import sqlite3

import discord

db = sqlite3.connect("club.db", isolation_level=None)
cur = db.cursor()
bot = discord.Bot(intents=discord.Intents.default())
