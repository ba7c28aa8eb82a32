"""A lookup component opens its connection and a cursor in `__init__` on the
main thread; the bot library runs the registered message handlers on its
worker pool (`threaded=True` is the default), where every query raises
ProgrammingError."""
import sqlite3

import telebot

bot = telebot.TeleBot("token")


class Lookup:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=5)
        self.cur = self.conn.cursor()

    def __call__(self, word):
        self.cur.execute("SELECT meaning FROM words WHERE word = ?", (word,))
        return self.cur.fetchone()


lookup = Lookup("words.db")


@bot.message_handler(commands=["define"])
def define(message):
    row = lookup(message.text)
    bot.reply_to(message, row[0] if row else "unknown")


if __name__ == "__main__":
    bot.polling()
