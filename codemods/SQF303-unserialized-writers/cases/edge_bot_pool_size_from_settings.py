"""A bot whose pool size comes from the settings (`num_threads=WORKERS`): the
module does not say how many handlers run at once, so its multi-statement
handler transactions are reported as for any thread pool."""

import os
import sqlite3

import telebot

WORKERS = int(os.environ.get("BOT_WORKERS", "8"))
bot = telebot.TeleBot("token", num_threads=WORKERS)
DB = "orders.db"


@bot.message_handler(commands=["buy"])
def buy(message):
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "UPDATE items SET stock = stock - 1 WHERE id = ?", (int(message.text),)
        )
        conn.execute(
            "INSERT INTO orders (chat_id, item) VALUES (?, ?)",
            (message.chat.id, int(message.text)),
        )


if __name__ == "__main__":
    bot.infinity_polling()
