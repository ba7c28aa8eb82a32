"""The bot of positive_with_connect_in_threaded_bot_script built with
`threaded=False`: every handler runs on the polling thread, one at a time, so the
`with sqlite3.connect(...) as conn:` blocks, which hold nothing once they end, cost
one descriptor each until the young garbage-collector pass that the dropped
connections themselves set off every few dozen calls (docs/sqlite-facts.md#F-dropped-handles)."""
import sqlite3

import telebot

DB = "shop.db"
bot = telebot.TeleBot("token", threaded=False)


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
