"""A bot whose handlers run on its default worker pool (two threads) and write
several statements per transaction; a schedule thread only reads. At most two
threads write at once: a writer that meets the other's lock waits for that one
transaction, and no third writer can take the lock while it naps, so there is
no queue for the busy handler to serve unfairly. A Python lock would order the
same two threads the same way. Not reported (compare
edge_bot_pool_and_a_writer_thread.py, where a third thread writes)."""

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


@bot.callback_query_handler(func=lambda call: True)
def clear(call):
    conn = sqlite3.connect(DB)
    conn.execute("DELETE FROM orders WHERE chat_id = ?", (call.message.chat.id,))
    conn.execute("UPDATE users SET orders = 0 WHERE chat_id = ?", (call.message.chat.id,))
    conn.commit()
    conn.close()


def report_loop():
    while True:
        conn = sqlite3.connect(DB)
        count = conn.execute("SELECT count(*) FROM orders").fetchone()[0]
        conn.close()
        print(count)
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=report_loop, daemon=True).start()
    bot.infinity_polling()
