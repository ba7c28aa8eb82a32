"""A `/start` handler registering its sender when absent: it reads the row by
the sender's id and inserts one with that id when none came back. Nothing is
overwritten; the only race is the same user's second `/start` between the
read and the insert, which the primary key turns into a loud IntegrityError.
Not a lost update."""

import sqlite3

import telebot

bot = telebot.TeleBot("token", num_threads=4)
DB = "users.db"


@bot.message_handler(commands=["start"])
def start(message):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    user = cur.execute(
        "SELECT id, name FROM users WHERE id = ?", (message.from_user.id,)
    ).fetchone()
    if not user:
        cur.execute(
            "INSERT INTO users (id, name, joined) VALUES (?, ?, ?)",
            (message.from_user.id, message.from_user.first_name, message.date),
        )
        conn.commit()
    conn.close()
    bot.send_message(message.chat.id, "welcome")


@bot.message_handler(commands=["follow"])
def follow(message):
    conn = sqlite3.connect(DB)
    author = int(message.text.split()[1])
    row = conn.execute(
        "SELECT 1 FROM follows WHERE user_id = ? AND author = ?",
        (message.from_user.id, author),
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT OR IGNORE INTO follows (user_id, author) VALUES (?, ?)",
            (message.from_user.id, author),
        )
        conn.commit()
    conn.close()


if __name__ == "__main__":
    bot.infinity_polling()
