"""A factory returns `(conn, conn.cursor())`; each helper closes the connection
after its loop, but returns from inside the loop first: the close never runs."""

import sqlite3
import threading

DB_PATH = "shop.db"


def connect():
    conn = sqlite3.connect(DB_PATH)
    return conn, conn.cursor()


def get_user(user_id):
    conn, cursor = connect()
    for row in cursor.execute("SELECT * FROM users WHERE id = ?", (user_id,)):
        return row
    conn.close()


def get_item(item_id):
    conn, cursor = connect()
    for row in cursor.execute("SELECT * FROM items WHERE id = ?", (item_id,)):
        return row
    conn.close()


def get_category(category_id):
    conn, cursor = connect()
    for row in cursor.execute("SELECT * FROM categories WHERE id = ?", (category_id,)):
        return row
    conn.close()


def count_items():
    conn, cursor = connect()
    cursor.execute("SELECT count(*) FROM items")
    n = cursor.fetchone()[0]
    conn.close()
    return n


def start(users):
    for u in users:
        threading.Thread(target=get_user, args=(u,)).start()
