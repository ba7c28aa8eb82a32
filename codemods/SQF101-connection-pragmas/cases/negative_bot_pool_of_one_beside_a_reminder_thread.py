"""A chat bot whose handlers run on a worker pool of one thread
(`num_threads=1`) and a reminder thread that `main()` starts once: two
threads can write, and each write opens its own connection (the default 5 s
timeout), runs one statement and commits. A writer waits for at most the
other's one statement, and two writers form no queue for the busy handler
to serve unfairly: in the rollback journal as in WAL (F-short-writers).
Not reported."""

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
        conn.execute(
            "INSERT INTO reminders (chat_id, text, due) VALUES (?, ?, ?)",
            (message.chat.id, message.text, time.time() + 3600),
        )
        conn.commit()
    finally:
        conn.close()


@bot.message_handler(commands=["cancel"])
def cancel(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("DELETE FROM reminders WHERE chat_id = ?", (message.chat.id,))
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


def main():
    threading.Thread(target=reminder_loop, daemon=True).start()
    bot.infinity_polling()


if __name__ == "__main__":
    main()
