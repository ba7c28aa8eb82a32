"""A try/except around the connect in a loop that never breaks: a connection per item."""
import sqlite3
import time


def record_all(path, items):
    for item in items:
        try:
            conn = sqlite3.connect(path, timeout=10)
            conn.execute("INSERT INTO items (name) VALUES (?)", (item,))
            conn.commit()
            conn.close()
        except sqlite3.OperationalError:
            time.sleep(0.5)
