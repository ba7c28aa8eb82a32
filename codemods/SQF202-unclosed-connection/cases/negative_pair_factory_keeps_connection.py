"""Callers of a (connection, cursor) helper that keep the connection and close it."""

import contextlib
import sqlite3


def open_db(path="inventory.db"):
    conn = sqlite3.connect(path)
    return conn, conn.cursor()


def count_items():
    conn, cur = open_db()
    try:
        cur.execute("SELECT count(*) FROM items")
        return cur.fetchone()[0]
    finally:
        conn.close()


def add_item(name):
    pair = open_db()
    with contextlib.closing(pair[0]) as conn:
        pair[1].execute("INSERT INTO items (name) VALUES (?)", (name,))
        conn.commit()


def names():
    cur = open_db()[1]
    try:
        return [row[0] for row in cur.execute("SELECT name FROM items")]
    finally:
        cur.connection.close()
