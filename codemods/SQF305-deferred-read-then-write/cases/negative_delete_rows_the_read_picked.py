"""Handlers on the worker threads of a bot: each reads rows by key (or all of
them) and deletes some by the id it read: an admin's "delete all items", a
clean-up that deletes the entries whose message is gone (an API lookup
decides), a broadcast that drops the users who blocked the bot. The DELETE
writes nothing it read, so no concurrent update is overwritten: a row another
handler changed meanwhile is deleted as it would have been a moment later. Not
reported."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "shop.db"
pool = ThreadPoolExecutor(max_workers=4)


def delete_all_items():
    with sqlite3.connect(DB) as con:
        cur = con.cursor()
        rows = cur.execute("SELECT * FROM items").fetchall()
        for row in rows:
            cur.execute("DELETE FROM items WHERE id = ?", (row[0],))
            con.commit()


def clean_entries(guild_id, api):
    con = sqlite3.connect(DB)
    entries = con.execute(
        "SELECT message_id, channel_id FROM entries WHERE guild_id = ?", (guild_id,)
    ).fetchall()
    for message_id, channel_id in entries:
        channel = api.get_channel(channel_id)
        if not channel or not api.exists(channel, message_id):
            con.execute("DELETE FROM entries WHERE message_id = ?", (message_id,))
    con.commit()
    con.close()


def broadcast(sender_id, text, bot):
    con = sqlite3.connect(DB)
    users = con.execute("SELECT user_id FROM subscriptions").fetchall()
    for (user_id,) in users:
        if user_id == sender_id:
            continue
        if not bot.send(user_id, text):
            con.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))
            con.commit()
    con.close()


def bump(item_id):
    con = sqlite3.connect(DB)
    con.execute("UPDATE items SET views = views + 1 WHERE id = ?", (item_id,))
    con.execute("UPDATE entries SET stars = stars + 1 WHERE message_id = ?", (item_id,))
    con.commit()
    con.close()


def serve(api, bot):
    pool.submit(delete_all_items)
    pool.submit(clean_entries, 1, api)
    pool.submit(broadcast, 1, "hi", bot)
    pool.submit(bump, 1)
