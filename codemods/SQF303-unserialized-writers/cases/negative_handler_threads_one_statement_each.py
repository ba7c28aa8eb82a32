"""A bot's handler worker threads each open a connection, run one UPDATE or one
INSERT and commit. SQLite serializes those writes inside the busy wait: each
writer waits for at most one other statement, milliseconds. Nothing to put in
turn (compare positive_thread_pool_writers.py, whose transactions span
several statements)."""

import sqlite3

import telebot

bot = telebot.TeleBot("token", num_threads=2)
DB = "classes.db"


@bot.message_handler(commands=["group"])
def set_group(message):
    conn = sqlite3.connect(DB)
    conn.execute(
        "UPDATE users SET grp = ? WHERE chat_id = ?", (message.text, message.chat.id)
    )
    conn.commit()
    conn.close()


@bot.message_handler(commands=["note"])
def add_note(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute(
            "INSERT INTO notes (chat_id, text) VALUES (?, ?)", (message.chat.id, message.text)
        )
        conn.commit()
    finally:
        conn.close()


@bot.message_handler(commands=["notes"])
def notes(message):
    conn = sqlite3.connect(DB)
    rows = conn.execute("SELECT text FROM notes WHERE chat_id = ?", (message.chat.id,)).fetchall()
    conn.close()
    bot.send_message(message.chat.id, "\n".join(r[0] for r in rows))


if __name__ == "__main__":
    bot.infinity_polling()
