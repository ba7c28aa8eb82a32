"""A response cache that opens its connection (default check_same_thread) and one
cursor in `__init__`. It starts no thread itself: see client.py."""
import sqlite3


class ResponseCache:
    def __init__(self, path="responses.db"):
        self.conn = sqlite3.connect(path, timeout=5)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT)")

    def get(self, key):
        self.cur.execute("SELECT body FROM responses WHERE key = ?", (key,))
        row = self.cur.fetchone()
        return row[0] if row else None

    def put(self, key, body):
        self.cur.execute("INSERT OR REPLACE INTO responses VALUES (?, ?)", (key, body))
        self.conn.commit()
