"""The same bot, but on eight worker threads, and one handler's transaction is
two statements (an UPDATE then an INSERT, one commit): a writer can now hold
the lock across two statements while several others poll, and the file no
longer counts as one short statement per transaction. Reported (with the
default pool of two threads it is not: negative_bot_pool_of_two_writers.py)."""

import sqlite3

import telebot

bot = telebot.TeleBot("token", num_threads=8)
DB = "classes.db"


@bot.message_handler(commands=["group"])
def set_group(message):
    conn = sqlite3.connect(DB)
    conn.execute(
        "UPDATE users SET grp = ? WHERE chat_id = ?", (message.text, message.chat.id)
    )
    conn.execute("INSERT INTO log (chat_id, what) VALUES (?, 'group')", (message.chat.id,))
    conn.commit()
    conn.close()


@bot.message_handler(commands=["mute"])
def mute(message):
    conn = sqlite3.connect(DB)
    conn.execute("UPDATE users SET muted = 1 WHERE chat_id = ?", (message.chat.id,))
    conn.commit()
    conn.close()


if __name__ == "__main__":
    bot.infinity_polling()
