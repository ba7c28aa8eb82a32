"""The same per-call helper in the default (deferred) mode: Python's implicit
BEGIN runs before the INSERT, so when the INSERT or the next statement raises,
the dropped connection keeps its write transaction, and the write lock, until
the cyclic garbage collector runs. The request threads waiting to write meet
that lock: reported, beside an autocommit twin that is not."""
import sqlite3
from concurrent.futures import ThreadPoolExecutor

DB = "orders.db"
pool = ThreadPoolExecutor(max_workers=4)


def add_order(item, qty):
    conn = sqlite3.connect(DB)
    conn.execute("INSERT INTO orders (item, qty) VALUES (?, ?)", (item, qty))
    conn.execute("UPDATE stock SET qty = qty - ? WHERE item = ?", (qty, item))
    conn.commit()
    conn.close()


def add_note(item, note):
    conn = sqlite3.connect(DB, isolation_level=None)
    conn.execute("INSERT INTO notes (item, note) VALUES (?, ?)", (item, note))
    conn.close()


def take(orders):
    for item, qty in orders:
        pool.submit(add_order, item, qty)
        pool.submit(add_note, item, "queued")
