"""The app's own connections: normal locking, one per request."""
import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
