"""A chat bot on its library's two worker threads: the handlers here make
every write, each a short transaction; lookups.py opens the same file only to
read one row. At most two threads write and every transaction is short, so a
writer waits milliseconds inside Python's 5 s busy wait, in the rollback
journal as in WAL (F-short-writers): not reported."""

import sqlite3

import telebot

from lookups import language_of

bot = telebot.TeleBot("token")


@bot.message_handler(commands=["start"])
def start(message):
    with sqlite3.connect("members.db") as conn:
        conn.execute(
            "INSERT OR IGNORE INTO members (chat_id, lang) VALUES (?, 'en')",
            (message.chat.id,),
        )
        conn.commit()


@bot.message_handler(commands=["lang"])
def set_language(message):
    with sqlite3.connect("members.db") as conn:
        conn.execute(
            "UPDATE members SET lang = ? WHERE chat_id = ?",
            (message.text.split()[-1], message.chat.id),
        )
        conn.commit()


@bot.message_handler(commands=["hello"])
def hello(message):
    bot.reply_to(message, "hi" if language_of(message.chat.id) == "en" else "hola")


if __name__ == "__main__":
    bot.infinity_polling()
