"""A Discord bot: every query runs on the one event-loop thread and nothing starts
a thread or a process. A connection closed only on the success path holds no lock
anyone waits for, so that is not reported; one never closed is still a leak in a
long-running process and is."""
import sqlite3

import discord

client = discord.Client(intents=discord.Intents.default())


def set_prefix(guild_id, prefix):
    conn = sqlite3.connect("bot.db")
    conn.execute("INSERT OR REPLACE INTO prefixes VALUES (?, ?)", (guild_id, prefix))
    conn.commit()
    conn.close()


def get_prefix(guild_id):
    conn = sqlite3.connect("bot.db")
    row = conn.execute("SELECT prefix FROM prefixes WHERE guild = ?", (guild_id,)).fetchone()
    return row[0] if row else "!"


@client.event
async def on_message(message):
    if message.content.startswith(get_prefix(message.guild.id) + "prefix "):
        set_prefix(message.guild.id, message.content.split()[1])
