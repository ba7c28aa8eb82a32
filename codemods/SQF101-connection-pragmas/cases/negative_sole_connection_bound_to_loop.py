"""A bot's one connection, opened at import with the default check_same_thread:
it belongs to the loop's thread. The worker thread that tries it raises
ProgrammingError before it can take a lock (SQF203's business), and the project
opens no other connection, so nothing contends for the file."""
import sqlite3
import threading
import time

import discord

client = discord.Client(intents=discord.Intents.default())
conn = sqlite3.connect("bot.db")
cur = conn.cursor()


def remind_forever():
    while True:
        cur.execute("UPDATE reminders SET sent = 1 WHERE due < CURRENT_TIMESTAMP")
        conn.commit()
        time.sleep(60)


threading.Thread(target=remind_forever, daemon=True).start()


@client.event
async def on_message(message):
    cur.execute("INSERT INTO log VALUES (?, ?)", (message.guild.id, message.content))
    conn.commit()
