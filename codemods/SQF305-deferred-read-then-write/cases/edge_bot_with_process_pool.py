"""The same counter, but the bot also hands work to a process pool that updates
the counters: two processes can now interleave the read and the write."""
import sqlite3
from concurrent.futures import ProcessPoolExecutor

import discord

client = discord.Client(intents=discord.Intents.default())
pool = ProcessPoolExecutor()


def bump(guild_id):
    conn = sqlite3.connect("bot.db")
    row = conn.execute("SELECT uses FROM counters WHERE guild = ?", (guild_id,)).fetchone()
    uses = (row[0] if row else 0) + 1
    conn.execute("INSERT OR REPLACE INTO counters VALUES (?, ?)", (guild_id, uses))
    conn.commit()
    conn.close()


@client.event
async def on_message(message):
    pool.submit(bump, message.guild.id)
