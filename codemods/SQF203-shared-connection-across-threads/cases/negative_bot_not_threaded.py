"""The same component with a bot that dispatches on the polling thread
(`threaded=False`), which also builds the component: one thread."""
import sqlite3

import telebot


class Lookup:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=5)

    def __call__(self, word):
        return self.conn.execute("SELECT meaning FROM words WHERE word = ?", (word,)).fetchone()


def main():
    bot = telebot.TeleBot("token", threaded=False)
    lookup = Lookup("words.db")

    @bot.message_handler(commands=["define"])
    def define(message):
        row = lookup(message.text)
        bot.reply_to(message, row[0] if row else "unknown")

    bot.polling()


if __name__ == "__main__":
    main()
