"""Two writer threads (a pool of one and a cleanup thread started once),
but the cleanup writes a row per chat in a loop and commits after the loop:
one long transaction that holds the write lock for the whole pass, and the
handler's one-row insert waits for all of it. Reported."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=1)
DB = "chats.db"


@bot.message_handler(commands=["start"])
def start(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT OR IGNORE INTO chats (chat_id) VALUES (?)", (message.chat.id,))
        conn.commit()
    finally:
        conn.close()


def cleanup_loop():
    while True:
        conn = sqlite3.connect(DB)
        try:
            chats = conn.execute("SELECT chat_id FROM chats").fetchall()
            for (chat_id,) in chats:
                conn.execute("UPDATE chats SET checked = ? WHERE chat_id = ?", (time.time(), chat_id))
            conn.commit()
        finally:
            conn.close()
        time.sleep(3600)


if __name__ == "__main__":
    threading.Thread(target=cleanup_loop, daemon=True).start()
    bot.infinity_polling()
