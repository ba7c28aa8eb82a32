"""The bot of negative_bot_pool_short_commits.py, but its import command
writes every row of an uploaded list in one transaction, committed after the
loop: the other worker, and the reading thread, wait for the whole loop, and
in the rollback journal a reader's scan holds back that commit. Reported: the
advice is about a long transaction, not about how many threads write."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token")
DB = "members.db"


@bot.message_handler(commands=["start"])
def start(message):
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "INSERT OR IGNORE INTO members (chat_id, lang, subscribed) VALUES (?, 'en', 1)",
            (message.chat.id,),
        )
        conn.commit()


@bot.message_handler(commands=["import"])
def import_members(message):
    with sqlite3.connect(DB) as conn:
        for line in message.text.splitlines()[1:]:
            conn.execute(
                "INSERT OR IGNORE INTO members (chat_id, lang, subscribed) VALUES (?, 'en', 1)",
                (int(line),),
            )
        conn.commit()


def morning_digest():
    while True:
        with sqlite3.connect(DB) as conn:
            chats = conn.execute("SELECT chat_id FROM members WHERE subscribed = 1").fetchall()
        for (chat_id,) in chats:
            bot.send_message(chat_id, "good morning")
        time.sleep(86400)


if __name__ == "__main__":
    threading.Thread(target=morning_digest, daemon=True).start()
    bot.infinity_polling()
