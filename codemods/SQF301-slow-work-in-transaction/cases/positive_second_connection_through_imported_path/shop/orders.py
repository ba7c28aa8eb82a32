"""Each writer opens a connection of its own on the same file, named through an
imported constant (plain, renamed, or as a module attribute). Called inside the
caller's open write transaction, the helper's write waits for the caller's lock
until the call returns: "database is locked" after the busy timeout, every time."""
import sqlite3

from .audit import record
from .cache import reset_cache
from .settings import DB_PATH as SHOP_DB


def place(order_id):
    conn = sqlite3.connect(SHOP_DB)
    with conn:
        conn.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))
        reset_cache()
    conn.close()


def cancel(order_id):
    conn = sqlite3.connect(SHOP_DB)
    conn.execute("DELETE FROM orders WHERE id = ?", (order_id,))
    record("cancel")
    conn.commit()
    conn.close()
