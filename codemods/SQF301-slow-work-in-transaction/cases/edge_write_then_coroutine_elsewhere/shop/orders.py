"""Records an order inside the transaction and only builds the announcement
coroutine there; it is awaited by the caller after the commit."""
import sqlite3

from . import hooks

DB = "shop.db"


def place(order_id):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))
        pending = hooks.announce(order_id)
    conn.close()
    return pending
