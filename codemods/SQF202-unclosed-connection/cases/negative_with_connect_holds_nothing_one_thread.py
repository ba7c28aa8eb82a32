"""A chat bot: every handler runs on the one event-loop thread and nothing starts
a thread or a process. `with sqlite3.connect(...) as conn:` commits (or rolls back)
at the end of the block and nothing uses the connection after it, so the dropped
connection holds no transaction; what it costs is one file descriptor until the
garbage collector's young pass, which the dropped connections themselves set off
every few dozen calls on one thread (docs/sqlite-facts.md#F-dropped-handles)."""
import sqlite3

import discord

client = discord.Client(intents=discord.Intents.default())
DB = "bot.db"


def add_points(user_id, points):
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE scores SET points = points + ? WHERE user = ?", (points, user_id))
        row = conn.execute("SELECT points FROM scores WHERE user = ?", (user_id,)).fetchone()
    return row[0] if row else 0


def top_scores():
    with sqlite3.connect(DB, timeout=10) as conn:
        conn.execute("PRAGMA busy_timeout=10000")
        return conn.execute("SELECT user, points FROM scores ORDER BY points DESC LIMIT 10").fetchall()


def first_unread(user_id):
    with sqlite3.connect(DB) as conn:
        for row in conn.execute("SELECT id FROM inbox WHERE user = ? ORDER BY id", (user_id,)):
            return row[0]
    return None


@client.event
async def on_message(message):
    if message.content == "!top":
        await message.channel.send(str(top_scores()))
    elif message.content == "!inbox":
        await message.channel.send(str(first_unread(message.author.id)))
    else:
        add_points(message.author.id, 1)
