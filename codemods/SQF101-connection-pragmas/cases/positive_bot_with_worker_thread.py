"""The same kind of bot, but a worker thread also writes the database: the
connection opened on the loop and the thread's connection contend for the lock."""
import sqlite3
import threading

import discord

client = discord.Client(intents=discord.Intents.default())


def record(guild_id, text):
    conn = sqlite3.connect("bot.db")
    conn.execute("INSERT INTO log VALUES (?, ?)", (guild_id, text))
    conn.commit()
    conn.close()


def archive_forever():
    while True:
        record(0, "tick")


threading.Thread(target=archive_forever, daemon=True).start()


@client.event
async def on_message(message):
    record(message.guild.id, message.content)
