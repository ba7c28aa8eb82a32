import sqlite3


class Store:
    def __init__(self, path):
        self.path = path

    def load(self, key):
        with sqlite3.connect(self.path) as conn:
            return conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
