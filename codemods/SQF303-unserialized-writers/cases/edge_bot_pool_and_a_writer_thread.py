"""The bot of negative_bot_pool_of_two_writers.py, but the background thread
writes too (it archives old orders): three threads can now write at once, and
a writer that started waiting later can take the lock while another naps.
Reported, the thread's transaction and the handlers' alike."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token")
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


def archive_loop():
    while True:
        conn = sqlite3.connect(DB)
        conn.execute("INSERT INTO archive SELECT * FROM orders WHERE done = 1")
        conn.execute("DELETE FROM orders WHERE done = 1")
        conn.commit()
        conn.close()
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=archive_loop, daemon=True).start()
    bot.infinity_polling()
