"""Edge: named only by a settings string that the app resolves: live."""
import sqlite3


class SQLiteCache:
    def __init__(self, path):
        self.path = path

    def forget(self, key):
        conn = sqlite3.connect(self.path)  # expect: SQF101 SQF202
        conn.execute("DELETE FROM cache WHERE key = ?", (key,))
        conn.commit()
