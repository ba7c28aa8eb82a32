"""The same cache as the positive case; its owner says not to share it."""
import sqlite3


class ResponseCache:
    def __init__(self, path="responses.db"):
        self.conn = sqlite3.connect(path, timeout=5)
        self.cur = self.conn.cursor()

    def get(self, key):
        self.cur.execute("SELECT body FROM responses WHERE key = ?", (key,))
        row = self.cur.fetchone()
        return row[0] if row else None
