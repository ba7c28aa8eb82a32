"""A well-kept library sets its PRAGMAs from a settings dict."""
import sqlite3

DEFAULT_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "normal",
    "busy_timeout": 5000,
    "foreign_keys": 1,
}


class Database:
    def __init__(self, path, pragmas=None):
        self.path = path
        self.pragmas = pragmas or DEFAULT_PRAGMAS

    def connect(self):
        conn = sqlite3.connect(self.path, timeout=5)
        for name, value in DEFAULT_PRAGMAS.items():
            conn.execute("PRAGMA %s = %s" % (name, value))
        return conn
