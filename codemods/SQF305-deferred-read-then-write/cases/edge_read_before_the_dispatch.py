"""The read comes before the dispatch and one arm writes back a value computed
from it: on that path the read precedes the write, and two calls on the
handler threads can both read the old balance (reported). The arm that
returns early never reaches the write after the `if` (not a second finding)."""

import sqlite3

import telebot

bot = telebot.TeleBot("token", num_threads=4)
DB = "shop.db"


@bot.callback_query_handler(func=lambda c: True)
def on_callback(call):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    (balance,) = cur.execute(
        "SELECT balance FROM users WHERE id = ?", (call.from_user.id,)
    ).fetchone()
    if call.data == "buy":
        cur.execute(
            "UPDATE users SET balance = ? WHERE id = ?", (balance - 10, call.from_user.id)
        )
        conn.commit()
    elif call.data == "show":
        bot.send_message(call.message.chat.id, str(balance))
    conn.close()


@bot.message_handler(commands=["bonus"])
def bonus(message):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    if message.text == "/bonus check":
        (n,) = cur.execute(
            "SELECT bonus FROM users WHERE id = ?", (message.from_user.id,)
        ).fetchone()
        bot.send_message(message.chat.id, str(n))
        conn.close()
        return
    cur.execute(
        "UPDATE users SET bonus = ? WHERE id = ?", (message.date, message.from_user.id)
    )
    conn.commit()
    conn.close()


if __name__ == "__main__":
    bot.infinity_polling()
