"""Still reported: seats counted, then one inserted while some are left (two
bookings on two handler threads both see the last seat: the insert is decided
by a count, not by the row's absence), and a counter read and written back."""

import sqlite3

import telebot

bot = telebot.TeleBot("token", num_threads=4)
DB = "shop.db"


@bot.message_handler(commands=["book"])
def book(message):
    conn = sqlite3.connect(DB)
    show = int(message.text.split()[1])
    (taken,) = conn.execute("SELECT count(*) FROM seats WHERE show = ?", (show,)).fetchone()
    if taken < 100:
        conn.execute(
            "INSERT INTO seats (show, user_id) VALUES (?, ?)", (show, message.from_user.id)
        )
        conn.commit()
    conn.close()


@bot.message_handler(commands=["like"])
def like(message):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    (likes,) = cur.execute(
        "SELECT likes FROM posts WHERE id = ?", (message.reply_to_message.id,)
    ).fetchone()
    cur.execute(
        "UPDATE posts SET likes = ? WHERE id = ?", (likes + 1, message.reply_to_message.id)
    )
    conn.commit()
    conn.close()


if __name__ == "__main__":
    bot.infinity_polling()
