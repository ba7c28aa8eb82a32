"""Two writer threads (a pool of one and a reminder thread started once),
but a handler inserts a row and then fetches a web page before it commits:
the write lock is held across the request, so the other writer waits for
the network, and past the 5 s busy wait fails, in the rollback journal.
Reported."""

import sqlite3
import threading
import time

import requests
import telebot

bot = telebot.TeleBot("token", num_threads=1)
DB = "links.db"


@bot.message_handler(commands=["save"])
def save(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO links (chat_id, url) VALUES (?, ?)", (message.chat.id, message.text))
        title = requests.get(message.text, timeout=30).text[:100]
        bot.reply_to(message, title)
        conn.commit()
    finally:
        conn.close()


def expire_loop():
    while True:
        conn = sqlite3.connect(DB)
        try:
            conn.execute("DELETE FROM links WHERE created < ?", (time.time() - 86400,))
            conn.commit()
        finally:
            conn.close()
        time.sleep(3600)


if __name__ == "__main__":
    threading.Thread(target=expire_loop, daemon=True).start()
    bot.infinity_polling()
