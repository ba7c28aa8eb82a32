"""A sync command handler builds the coroutine and hands it to the bot's own
loop with `run_coroutine_threadsafe`; it also has a private loop for another
job. The coroutine runs on the shared loop, where its sqlite3 write blocks
every other handler: reported."""

import asyncio
import sqlite3


def save_score(user, score):
    conn = sqlite3.connect("scores.db")
    with conn:
        conn.execute("INSERT INTO scores (user, score) VALUES (?, ?)", (user, score))
    conn.close()


async def record(user, score):
    save_score(user, score)


def on_command(bot_loop, user, score):
    future = asyncio.run_coroutine_threadsafe(record(user, score), bot_loop)
    scratch = asyncio.new_event_loop()
    try:
        scratch.run_until_complete(asyncio.sleep(0))
    finally:
        scratch.close()
    return future
