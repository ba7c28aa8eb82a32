"""The outliner's global cache: one connection per process, autocommit, written
with one keyed statement at a time from the GUI's main thread."""
import os
import sqlite3

PATH = os.path.expanduser("~/.outliner/cache.db")


class GlobalCache:
    def __init__(self):
        self.conn = sqlite3.connect(PATH, isolation_level=None)
        self.conn.execute("CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB)")

    def put(self, key, value):
        self.conn.execute("INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)", (key, value))

    def get(self, key):
        row = self.conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return row and row[0]
