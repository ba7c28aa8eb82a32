"""A try/except in a loop whose block does not leave the loop on success: the
next item opens another connection (found), unlike a retry whose `with` block
ends in `return` (not found)."""
import sqlite3
import time
from contextlib import closing


def store_each(path, items):
    for item in items:
        try:
            with closing(sqlite3.connect(path, timeout=10)) as conn:
                conn.execute("INSERT INTO items (name) VALUES (?)", (item,))
                conn.commit()
        except sqlite3.OperationalError:
            time.sleep(0.5)


def first_readable(uri):
    for _ in range(2):
        try:
            with closing(sqlite3.connect(uri, uri=True)) as conn:
                return conn.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            time.sleep(0.1)
    return None
