"""A unit of work that opens its sqlite3 connection on entry."""
import sqlite3


class UnitOfWork:
    def __init__(self, path: str) -> None:
        self._path = path
        self.conn = None

    def __enter__(self):
        self.conn = sqlite3.connect(self._path)
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.conn.commit()
        self.conn.close()

    def fetch(self, key):
        return self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()

    def store(self, key, value):
        self.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))
