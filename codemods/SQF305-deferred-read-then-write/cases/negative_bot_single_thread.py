"""A Discord bot whose sync counter update reads then writes: it runs on the one
event-loop thread with no await in between and nothing else opens the database,
so no second caller can run between the read and the write."""
import sqlite3

import discord

client = discord.Client(intents=discord.Intents.default())


def bump(guild_id):
    conn = sqlite3.connect("bot.db")
    row = conn.execute("SELECT uses FROM counters WHERE guild = ?", (guild_id,)).fetchone()
    uses = (row[0] if row else 0) + 1
    conn.execute("INSERT OR REPLACE INTO counters VALUES (?, ?)", (guild_id, uses))
    conn.commit()
    conn.close()


@client.event
async def on_message(message):
    bump(message.guild.id)
