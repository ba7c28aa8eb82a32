"""An upsert done by hand: the handler reads the caller's row by its key, then
updates that row with the caller's own values when it came back, or inserts it
when it did not. Nothing read is written back: two updates each write their
caller's values (the last one stays, as one after the other would), and two
inserts of the same key at once fail on the key or add a row of the same
content. Not a lost update, whether the key is bound as a parameter, built
into the SQL text, or the row's id as read."""

import sqlite3
import uuid

import telebot

bot = telebot.TeleBot("token", num_threads=4)
DB = "subs.db"


@bot.message_handler(commands=["start"])
def start(message):
    user_id = message.from_user.id
    language = message.from_user.language_code
    with sqlite3.connect(DB) as conn:
        cur = conn.cursor()
        cur.execute("SELECT * FROM subscriptions WHERE user_id == ?", (user_id,))
        existing = cur.fetchone()
        if existing:
            cur.execute(
                "UPDATE subscriptions SET username = ?, language = ?, seen = datetime('now') "
                "WHERE user_id == ?",
                (message.from_user.username, language, user_id),
            )
        else:
            cur.execute(
                "INSERT INTO subscriptions (user_id, username, language) VALUES (?, ?, ?)",
                (user_id, message.from_user.username, language),
            )
        conn.commit()


@bot.message_handler(commands=["rename"])
def rename(message):
    with sqlite3.connect(DB) as conn:
        row = conn.execute(
            "SELECT id FROM profiles WHERE owner = ? AND slot = ?",
            (message.from_user.id, 1),
        ).fetchone()
        if row is not None:
            conn.execute(
                "UPDATE profiles SET title = ?, changed = 1 WHERE id = ?",
                (message.text, row[0]),
            )
            profile_id = row[0]
        else:
            # `profile_id` holds the id read only on the other branch.
            profile_id = str(uuid.uuid4())
            conn.execute(
                "INSERT INTO profiles (id, owner, slot, title) VALUES (?, ?, ?, ?)",
                (profile_id, message.from_user.id, 1, message.text),
            )
    bot.send_message(message.chat.id, f"profile {profile_id}")


@bot.message_handler(commands=["hello"])
def hello(message):
    with sqlite3.connect(DB) as conn:
        cur = conn.cursor()
        cur.execute("SELECT * FROM visitors WHERE uid = " + str(message.from_user.id))
        rows = cur.fetchall()
        if len(rows) == 0:
            cur.execute(
                "INSERT INTO visitors (uid, name) VALUES ("
                + str(message.from_user.id)
                + ", '"
                + message.from_user.first_name
                + "')"
            )


if __name__ == "__main__":
    bot.infinity_polling()
