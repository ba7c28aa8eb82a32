"""A helper hands out a connection and its cursor; callers keep only the cursor."""

import sqlite3


def open_db(path="inventory.db"):
    conn = sqlite3.connect(path)
    cur = conn.cursor()
    return conn, cur


def count_items():
    _, cur = open_db()
    cur.execute("SELECT count(*) FROM items")
    return cur.fetchone()[0]


def add_item(name):
    cur = open_db()[1]
    cur.execute("INSERT INTO items (name) VALUES (?)", (name,))
    cur.close()


def rename(item_id, name):
    conn, cur = open_db()
    cur.execute("UPDATE items SET name = ? WHERE id = ?", (name, item_id))
    cur.close()
