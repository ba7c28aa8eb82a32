"""The helper writes another file (its own constant), or after the caller
committed: no lock of the caller's is in the way."""
import sqlite3

from .cache import reset_cache
from .settings import ORDERS_DB


def place(order_id):
    conn = sqlite3.connect(ORDERS_DB)
    with conn:
        conn.execute("INSERT INTO orders (id) VALUES (?)", (order_id,))
        reset_cache()
    conn.close()
