"""A shop bot's helpers each open a connection, run one statement, commit at
once and close; the failures are printed and dropped. The only concurrency is
two handler threads of the bot itself, and no write spans a network call or a
second statement: a writer waits milliseconds for the other's statement, inside
the 5 s busy timeout, so no "database is locked" reaches these handlers. The
start-up `CREATE TABLE` swallows "table already exists", not a lock error."""

import queue
import sqlite3
import threading

DB_PATH = "shop.db"

try:
    _con = sqlite3.connect(DB_PATH)
    _con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, balance INTEGER)")
    _con.execute("INSERT INTO users (id, balance) VALUES (0, 0)")
    _con.commit()
except Exception:
    pass


def add_user(user_id):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("INSERT INTO users (id, balance) VALUES (?, 0)", (user_id,))
        conn.commit()
    except Exception as e:
        print(e)
    finally:
        conn.close()


def set_balance(user_id, balance):
    conn = sqlite3.connect(DB_PATH)
    try:
        conn.execute("UPDATE users SET balance = ? WHERE id = ?", (balance, user_id))
        conn.commit()
    except:  # noqa: E722
        pass
    conn.close()


def delete_items(ids):
    conn = sqlite3.connect(DB_PATH)
    for item_id in ids:
        try:
            conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
            conn.commit()
        except Exception as e:
            print(e)
    conn.close()


updates = queue.Queue()


def handle_updates():
    while True:
        kind, user_id = updates.get()
        if kind == "start":
            add_user(user_id)
        else:
            set_balance(user_id, 0)


for _ in range(2):
    threading.Thread(target=handle_updates, daemon=True).start()
