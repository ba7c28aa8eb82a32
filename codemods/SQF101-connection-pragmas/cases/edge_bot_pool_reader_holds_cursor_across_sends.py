"""The default pool of two writes one statement per handler, and a digest
thread only reads (fetching its rows at once), but a broadcast handler walks a live SELECT cursor and sleeps
between sends (the chat service's rate limit): the cursor keeps its read
lock through the whole broadcast, and in the rollback journal a writer's
commit waits for it, failing once it outlasts the 5 s busy wait
(F-short-writers: a reader holding its cursor 6 s made every such commit
fail, with one writer or two; none in WAL). Reported."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token")
DB = "subscribers.db"


@bot.message_handler(commands=["subscribe"])
def subscribe(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT OR IGNORE INTO subscribers (chat_id) VALUES (?)", (message.chat.id,))
        conn.commit()
    finally:
        conn.close()


@bot.message_handler(commands=["broadcast"])
def broadcast(message):
    conn = sqlite3.connect(DB)
    try:
        for (chat_id,) in conn.execute("SELECT chat_id FROM subscribers"):
            bot.send_message(chat_id, message.text)
            time.sleep(0.05)
    finally:
        conn.close()


def digest_loop():
    while True:
        conn = sqlite3.connect(DB)
        try:
            count = conn.execute("SELECT COUNT(*) FROM subscribers").fetchone()[0]
        finally:
            conn.close()
        print("subscribers:", count)
        time.sleep(86400)


if __name__ == "__main__":
    threading.Thread(target=digest_loop, daemon=True).start()
    bot.infinity_polling()
