"""A chat bot with one sqlite3 connection used only on its event-loop thread:
no other connection exists, so "database is locked" cannot happen. aiosqlite is
imported only to name an exception class; that opens no connection."""
import sqlite3

import aiosqlite
import discord

client = discord.Client(intents=discord.Intents.default())
db = sqlite3.connect("bot.db")


@client.event
async def on_guild_join(guild):
    try:
        db.execute("INSERT INTO servers (id) VALUES (?)", (guild.id,))
        db.commit()
    except (sqlite3.OperationalError, aiosqlite.IntegrityError):
        pass
