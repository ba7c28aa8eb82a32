"""A chat bot script built on a bot library whose default dispatch runs every
handler on a worker-thread pool (`telebot.TeleBot(token)`: `threaded=True` and
`num_threads=2` unless told otherwise), though no text of the script starts a
thread. The `with sqlite3.connect(...) as conn:` blocks hold nothing once they end,
but they are dropped on the pool's threads, where the garbage collector's young
passes fall behind and the descriptors pile up (docs/sqlite-facts.md#F-dropped-handles),
so they are reported."""
import sqlite3

import telebot

DB = "shop.db"
bot = telebot.TeleBot("token")


@bot.message_handler(commands=["items"])
def list_items(message):
    with sqlite3.connect(DB) as conn:
        rows = conn.execute("SELECT name FROM items").fetchall()
    bot.send_message(message.chat.id, ", ".join(r[0] for r in rows))


@bot.message_handler(commands=["buy"])
def buy(message):
    with sqlite3.connect(DB) as conn:
        conn.execute("UPDATE items SET stock = stock - 1 WHERE name = ?", (message.text[5:],))
    bot.send_message(message.chat.id, "ok")


if __name__ == "__main__":
    bot.infinity_polling()
