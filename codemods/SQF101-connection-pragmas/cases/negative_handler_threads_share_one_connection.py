"""A chat bot whose two handler worker threads and one schedule thread share the
module's only connection (`check_same_thread=False`), each handler writing one
UPDATE and committing. There is no second connection to the file: sqlite3
serializes calls on one connection, and a connection never waits for its own
lock, so WAL and a busy timeout change nothing here (SQF203 is where sharing a
connection across threads is judged)."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=2)
conn = sqlite3.connect("timetable.db", check_same_thread=False)
cursor = conn.cursor()


@bot.message_handler(commands=["group"])
def set_group(message):
    cursor.execute(
        "UPDATE users SET grp = ? WHERE chat_id = ?", (message.text, message.chat.id)
    )
    conn.commit()


@bot.message_handler(commands=["mute"])
def mute(message):
    cursor.execute("UPDATE users SET muted = 1 WHERE chat_id = ?", (message.chat.id,))
    conn.commit()


def remind():
    while True:
        for (chat_id,) in cursor.execute("SELECT chat_id FROM users WHERE muted = 0"):
            bot.send_message(chat_id, "lesson soon")
        time.sleep(60)


if __name__ == "__main__":
    threading.Thread(target=remind, daemon=True).start()
    bot.infinity_polling()
