"""A chat bot's callback dispatch: one long `if/elif` on the callback data,
run on the library's handler worker threads. One arm reads a catalog page, an
other records a purchase, a third deletes every item. The read and the write
never run in the same call, so no read decides a write. A read in an
`except` handler of a network error, with the write in the `try` body, runs
only after the body was left."""

import sqlite3

import requests
import telebot

bot = telebot.TeleBot("token", num_threads=4)
DB = "shop.db"


@bot.callback_query_handler(func=lambda c: True)
def on_callback(call):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    if call.data.startswith("page:"):
        page = int(call.data.split(":")[1])
        item = cur.execute(
            "SELECT id, name, price FROM items LIMIT 1 OFFSET ?", (page,)
        ).fetchone()
        bot.send_message(call.message.chat.id, item[1])
    elif call.data.startswith("buy:"):
        item = int(call.data.split(":")[1])
        cur.execute(
            "UPDATE items SET sold = sold + 1, buyer = ? WHERE id = ?",
            (call.from_user.id, item),
        )
        conn.commit()
    elif call.data == "delete_all":
        cur.execute("DELETE FROM items WHERE owner = ?", (call.from_user.id,))
        conn.commit()
    conn.close()


def check_payment(user_id, order):
    conn = sqlite3.connect(DB)
    cur = conn.cursor()
    try:
        paid = requests.get("https://pay.example/check", params={"o": order}).json()
        cur.execute(
            "UPDATE orders SET paid = ? WHERE id = ? AND user_id = ?",
            (paid["ok"], order, user_id),
        )
        conn.commit()
    except requests.exceptions.ConnectionError:
        (pending,) = cur.execute(
            "SELECT count(*) FROM orders WHERE user_id = ? AND paid = 0", (user_id,)
        ).fetchone()
        bot.send_message(user_id, f"payment service down, {pending} orders pending")
    conn.close()


@bot.message_handler(commands=["check"])
def on_check(message):
    check_payment(message.from_user.id, message.text.split()[1])


if __name__ == "__main__":
    bot.infinity_polling()
