"""One-statement writes on a connection each, from a bot pool of four
workers and a reminder thread started once: five threads can write at once.
In a tight loop on a disk whose commit takes 15-25 ms, more than two such
writers already starve one another past the 5 s busy wait in the rollback
journal (F-short-writers, bench/load/short_writer_threads.py): reported,
with the count in a note."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=4)
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
