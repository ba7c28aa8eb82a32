"""The bot of negative_bot_pool_short_commits.py, with short transactions
only, but its background thread writes too (it expires stale members): three
threads can write at once (the pool of two and the thread started once at
start-up), one more than the two that never queue, and the advice stays, with
the count in a note (F-short-writers: three one-statement writers in a
tight loop met lock errors in the rollback journal; compare SQF303
edge_bot_pool_and_a_writer_thread.py)."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token")
DB = "members.db"


@bot.message_handler(commands=["start"])
def start(message):
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "INSERT OR IGNORE INTO members (chat_id, lang, subscribed) VALUES (?, 'en', 1)",
            (message.chat.id,),
        )
        conn.commit()


@bot.callback_query_handler(func=lambda call: call.data.startswith("lang:"))
def set_language(call):
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "UPDATE members SET lang = ? WHERE chat_id = ?",
            (call.data[5:], call.message.chat.id),
        )
        conn.commit()


def expire_loop():
    while True:
        with sqlite3.connect(DB) as conn:
            conn.execute("DELETE FROM members WHERE subscribed = 0")
            conn.commit()
        time.sleep(600)


if __name__ == "__main__":
    threading.Thread(target=expire_loop, daemon=True).start()
    bot.infinity_polling()
