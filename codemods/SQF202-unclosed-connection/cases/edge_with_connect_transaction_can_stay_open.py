"""Edge, one thread (a chat bot): the `with` block is the connection's own, but
something can still leave a transaction open when the function lets go of it, so
these stay reported. A write after the block is outside the block's commit (and
it fails after Python's implicit BEGIN, keeping the write lock); with
`isolation_level=None` the block commits nothing the code's own BEGIN opened; an
explicit BEGIN, and a write through a cursor handed to another function, are not
followed to their end (docs/sqlite-facts.md#F-dropped-handles)."""
import sqlite3

import discord

client = discord.Client(intents=discord.Intents.default())
DB = "bot.db"


def audit(cur, what):
    cur.execute("INSERT INTO audit (what) VALUES (?)", (what,))


def rename(user_id, name):
    with sqlite3.connect(DB, isolation_level=None) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE users SET name = ? WHERE id = ?", (name, user_id))
        conn.execute("COMMIT")


def ban(user_id):
    with sqlite3.connect(DB) as conn:
        conn.execute("BEGIN")
        conn.execute("UPDATE users SET banned = 1 WHERE id = ?", (user_id,))
        audit(conn.cursor(), f"ban {user_id}")


@client.event
async def on_message(message):
    if message.content.startswith("!name "):
        rename(message.author.id, message.content[6:])
    elif message.content.startswith("!ban "):
        ban(int(message.content[5:]))
