"""The same module-level connection, but a worker process imports the module
and opens its own: two connections on one file contend for the lock. Reported,
naming the processes."""
import multiprocessing
import sqlite3

conn = sqlite3.connect("bot.db")


def archive(guild_id):
    conn.execute("INSERT INTO archive SELECT * FROM log WHERE guild = ?", (guild_id,))
    conn.commit()


def handle(guild_id, text):
    conn.execute("INSERT INTO log VALUES (?, ?)", (guild_id, text))
    conn.commit()
    multiprocessing.Process(target=archive, args=(guild_id,)).start()
