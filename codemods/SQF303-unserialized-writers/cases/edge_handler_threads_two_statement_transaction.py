"""The same bot, but one handler's transaction is two statements (an UPDATE
then an INSERT, one commit): a writer can now hold the lock across two
statements while the others poll, and the file no longer counts as one short
statement per transaction. Reported."""

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
