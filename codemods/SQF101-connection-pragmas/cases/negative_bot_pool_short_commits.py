"""A chat bot whose handlers run on its library's worker pool (two threads by
default) and a schedule thread that only reads. Every write is a short
transaction on a connection of its own: a subscribe toggle (read, then one
UPDATE or INSERT in the arms of an `if`), a settings change, an admin purge
that commits each row in the pass that deletes it. At most two threads write,
so a writer waits for at most the other's one short transaction or a reader's
one statement, milliseconds inside Python's 5 s busy wait, with the rollback
journal as with WAL (F-short-writers): not reported."""

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
            "CREATE TABLE IF NOT EXISTS members (chat_id INTEGER PRIMARY KEY, lang TEXT, subscribed INTEGER)"
        )
        row = conn.execute(
            "SELECT subscribed FROM members WHERE chat_id = ?", (message.chat.id,)
        ).fetchone()
        if row:
            conn.execute(
                "UPDATE members SET subscribed = 1 WHERE chat_id = ?", (message.chat.id,)
            )
        else:
            conn.execute(
                "INSERT INTO members (chat_id, lang, subscribed) VALUES (?, 'en', 1)",
                (message.chat.id,),
            )
        conn.commit()


@bot.callback_query_handler(func=lambda call: call.data.startswith("lang:"))
def set_language(call):
    with sqlite3.connect(DB) as conn:
        conn.execute(
            "UPDATE members SET lang = ? WHERE chat_id = ?",
            (call.data[5:], call.message.chat.id),
        )
        conn.commit()


@bot.message_handler(commands=["purge"])
def purge(message):
    with sqlite3.connect(DB) as conn:
        chats = conn.execute("SELECT chat_id FROM members").fetchall()
        for (chat_id,) in chats:
            try:
                bot.send_chat_action(chat_id, "typing")
            except Exception:
                conn.execute("DELETE FROM members WHERE chat_id = ?", (chat_id,))
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
