"""A bounded retry loop that breaks once the connect works opens one connection."""
import sqlite3
import time


def open_store(path):
    conn = None
    for attempt in range(3):
        try:
            conn = sqlite3.connect(path, timeout=10)
            break
        except sqlite3.OperationalError:
            time.sleep(0.5 * (attempt + 1))
    return conn


def open_store_else(path):
    for attempt in range(5):
        try:
            conn = sqlite3.connect(path, timeout=10)
        except sqlite3.OperationalError:
            time.sleep(1)
        else:
            return conn
    raise RuntimeError("database unavailable")
