"""One event loop and nothing else on the file, but a handler's call commits
once per word of the message: a journal sync per word on the loop (50 words:
tens of milliseconds, bench/load/loop_stall.py case b). Reported, saying so.
The keyed lookup beside it is not, until the fix moves the per-word writer onto
a worker thread: that thread is then its second party."""
import sqlite3

import discord

DB_FILE = "words.db"
client = discord.Client(intents=discord.Intents.default())


def count_words(author_id, text):
    conn = sqlite3.connect(DB_FILE)
    for word in text.split():
        conn.execute("INSERT INTO words (author, word) VALUES (?, ?)", (author_id, word))
        conn.commit()
    conn.close()


def word_count(author_id):
    with sqlite3.connect(DB_FILE) as conn:
        return conn.execute("SELECT COUNT(*) FROM words WHERE author = ?", (author_id,)).fetchone()[0]


def remember(author_id, word):
    with sqlite3.connect(DB_FILE) as conn:
        conn.execute("INSERT INTO words (author, word) VALUES (?, ?)", (author_id, word))


@client.event
async def on_message(message):
    if message.author.bot:
        return
    count_words(message.author.id, message.content)
    if message.content == "!count":
        await message.channel.send(str(word_count(message.author.id)))
    if message.content.startswith("!pin"):
        # A per-call helper called once per word: a commit per word too.
        for word in message.content.split()[1:]:
            remember(message.author.id, word)
        await message.channel.send("pinned")


client.run("token")
