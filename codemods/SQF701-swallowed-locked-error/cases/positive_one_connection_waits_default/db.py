"""Every connection of the feed daemon comes from `connect()`: WAL, and up to
30 s of waiting for a lock."""

import sqlite3

DB_PATH = "feeds.db"


def connect():
    conn = sqlite3.connect(DB_PATH, timeout=30)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
