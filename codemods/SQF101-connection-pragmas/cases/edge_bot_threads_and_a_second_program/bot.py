"""Two writer threads with one-statement writes (a pool of one and a
reminder thread started once), but another program of the project, a
nightly job run by cron, writes the same file: a second process is no
thread of this program, and its transactions are out of the bound. The
advice stays."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=1)
DB = "reminders.db"


@bot.message_handler(commands=["remind"])
def remind(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT INTO reminders (chat_id, text) VALUES (?, ?)", (message.chat.id, message.text))
        conn.commit()
    finally:
        conn.close()


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
