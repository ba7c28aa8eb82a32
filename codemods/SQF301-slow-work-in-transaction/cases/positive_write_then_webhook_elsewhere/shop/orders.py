"""Records orders; the warehouse hears about each one before it commits."""
import sqlite3

from . import hooks

DB = "shop.db"


def place(order_id, lines):
    conn = sqlite3.connect(DB)
    with conn:
        conn.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))
        conn.executemany(
            "INSERT INTO order_lines (order_id, sku, qty) VALUES (?, ?, ?)",
            [(order_id, sku, qty) for sku, qty in lines],
        )
        hooks.announce(order_id, lines)
    conn.close()
