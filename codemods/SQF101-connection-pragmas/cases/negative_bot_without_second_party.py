"""A Discord bot that keeps its settings in SQLite. Every query is a synchronous
call on the bot's one event-loop thread and nothing starts a thread or another
process, so no two connections are ever active at once: nobody waits on a lock,
and WAL or a busy timeout would change nothing."""
import sqlite3

import discord

client = discord.Client(intents=discord.Intents.default())


def set_prefix(guild_id, prefix):
    conn = sqlite3.connect("bot.db")
    conn.execute("INSERT OR REPLACE INTO prefixes VALUES (?, ?)", (guild_id, prefix))
    conn.commit()
    conn.close()


@client.event
async def on_message(message):
    if message.content.startswith("!prefix "):
        set_prefix(message.guild.id, message.content.split()[1])
