"""The per-call bot shape (a storage class whose every method opens its own
connection), but a thread started beside the loop writes the same file: while
its transaction holds the lock, a handler's write waits in the busy handler on
the loop, up to the 5 s timeout. Reported, naming the thread."""
import sqlite3
import threading
import time

import discord
from discord.ext import commands

DB_FILE = "points.db"
bot = commands.Bot(command_prefix="!", intents=discord.Intents.default())


class Storage:
    def add_point(self, member_id):
        conn = sqlite3.connect(DB_FILE)
        conn.execute("UPDATE members SET points = points + 1 WHERE id = ?", (member_id,))
        conn.commit()
        conn.close()

    def points(self, member_id):
        with sqlite3.connect(DB_FILE) as conn:
            row = conn.execute("SELECT points FROM members WHERE id = ?", (member_id,)).fetchone()
        return row[0] if row else 0


storage = Storage()


def decay_forever():
    while True:
        with sqlite3.connect(DB_FILE) as conn:
            conn.execute("UPDATE members SET points = points * 0.9 WHERE points > 0")
        time.sleep(3600)


@bot.event
async def on_message(message):
    storage.add_point(message.author.id)
    await bot.process_commands(message)


@bot.command()
async def points(ctx):
    await ctx.send(f"{storage.points(ctx.author.id)} points")


threading.Thread(target=decay_forever, daemon=True).start()
bot.run("token")
