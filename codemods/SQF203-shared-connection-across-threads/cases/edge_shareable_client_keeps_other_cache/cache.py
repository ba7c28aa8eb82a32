"""A SQLite cache that no shareable class keeps: client.py's thread-safe client
keeps a class of the same name from another module."""
import sqlite3


class ResponseCache:
    def __init__(self, path="responses.db"):
        self.conn = sqlite3.connect(path, timeout=5)

    def get(self, key):
        row = self.conn.execute("SELECT body FROM responses WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
