"""A reminder loop that a handler starts: each `/start` message starts one
more, so the threads that write grow with the messages. The thread target
is started in code that runs per message, not once: unbounded, and the
advice stays (compare negative_bot_pool_of_one_beside_a_reminder_thread.py,
where `main()` starts it once)."""

import sqlite3
import threading
import time

import telebot

bot = telebot.TeleBot("token", num_threads=1)
DB = "reminders.db"


def reminder_loop(chat_id):
    while True:
        conn = sqlite3.connect(DB)
        try:
            conn.execute(
                "UPDATE reminders SET sent = 1 WHERE chat_id = ? AND due <= ?",
                (chat_id, time.time()),
            )
            conn.commit()
        finally:
            conn.close()
        time.sleep(60)


@bot.message_handler(commands=["start"])
def start(message):
    conn = sqlite3.connect(DB)
    try:
        conn.execute("INSERT OR IGNORE INTO chats (chat_id) VALUES (?)", (message.chat.id,))
        conn.commit()
    finally:
        conn.close()
    threading.Thread(target=reminder_loop, args=(message.chat.id,), daemon=True).start()


if __name__ == "__main__":
    bot.infinity_polling()
