"""A result cache that opens its connection in `open()`, after construction."""
import sqlite3


class ResultCache:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def open(self):
        self.conn = sqlite3.connect(self.path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS results (k TEXT PRIMARY KEY, v TEXT)")

    def get(self, key):
        row = self.conn.execute("SELECT v FROM results WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key, value):
        self.conn.execute("INSERT OR REPLACE INTO results VALUES (?, ?)", (key, value))
        self.conn.commit()


class LookupSession:
    def __init__(self, cache):
        self.cache = cache

    def run(self, query):
        hit = self.cache.get(query)
        if hit is None:
            hit = query.upper()
            self.cache.put(query, hit)
        return hit
