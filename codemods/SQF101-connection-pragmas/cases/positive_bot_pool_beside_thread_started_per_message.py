"""The bot of negative_bot_pool_of_one_beside_a_reminder_thread.py, but a
handler, after its one-row insert, starts a thread per message to store the
message's statistics: the
program starts as many writer threads as messages arrive, so it bounds its
writers no longer, and the advice stays."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=1)
DB = "reminders.db"


def store_stats(chat_id, length):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO stats (chat_id, length) VALUES (?, ?)", (chat_id, length))
        conn.commit()
    finally:
        conn.close()


@bot.message_handler(func=lambda message: True)
def any_message(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT OR IGNORE INTO chats (chat_id) VALUES (?)", (message.chat.id,))
        conn.commit()
    finally:
        conn.close()
    threading.Thread(target=store_stats, args=(message.chat.id, len(message.text))).start()


def reminder_loop():
    while True:
        conn = sqlite3.connect(DB)
        try:
            conn.execute("UPDATE reminders SET sent = 1 WHERE due <= ?", (time.time(),))
            conn.commit()
        finally:
            conn.close()
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=reminder_loop, daemon=True).start()
    bot.infinity_polling()
