"""The bot of negative_bot_pool_lookup_helper_reads/, but lookups.py also
writes the file (it counts each lookup). Each module sees only its own
transactions, and the other's may be long: the short-transaction exception
needs the file written by one module, so the helper's connection keeps the
advice."""

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
