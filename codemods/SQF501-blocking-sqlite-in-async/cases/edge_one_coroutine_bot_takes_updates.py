"""A price tracker whose loop runs one coroutine at a time, in a program that
can also run as a Telegram bot (`python tracker.py bot` polls for updates and
serves users' `/latest` on the loop): the bot library serves users there, so
the blocking calls are reported, the tracker's writes with the handler's read
(the bot's handler reads the table the tracker writes)."""

import asyncio
import sqlite3
import sys

from telegram.ext import Application, CommandHandler

conn = sqlite3.connect("prices.db")


async def fetch_prices():
    await asyncio.sleep(0.1)
    return {"apple": 1.0}


async def track():
    while True:
        for item, price in (await fetch_prices()).items():
            conn.execute("INSERT INTO prices (item, price) VALUES (?, ?)", (item, price))
        conn.commit()
        await asyncio.sleep(600)


async def latest(update, context):
    rows = conn.execute("SELECT item, price FROM prices").fetchall()
    await update.message.reply_text(str(rows[-5:]))


def serve():
    app = Application.builder().token("123:abc").build()
    app.add_handler(CommandHandler("latest", latest))
    app.run_polling()


if __name__ == "__main__":
    if sys.argv[1:] == ["bot"]:
        serve()
    else:
        asyncio.run(track())
