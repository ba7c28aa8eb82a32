"""A cache that keeps one cursor for every method, owned by a client documented as
safe to share across threads: the client's callers' threads reach the cache's
default check_same_thread connection through it."""
import sqlite3


class ResponseCache:
    def __init__(self, name):
        self.conn = sqlite3.connect(name)
        self.cur = self.conn.cursor()
        self.cur.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, body TEXT)")

    def get(self, key):
        self.cur.execute("SELECT body FROM responses WHERE key = ?", (key,))
        row = self.cur.fetchone()
        return row[0] if row else None

    def put(self, key, body):
        self.cur.execute("INSERT OR REPLACE INTO responses VALUES (?, ?)", (key, body))
        self.conn.commit()


class Client:
    """An API client. Thread-safe: share one instance between your worker threads."""

    def __init__(self, cache_name="responses.sqlite"):
        self._cache = ResponseCache(cache_name)

    def fetch(self, key):
        cached = self._cache.get(key)
        if cached is None:
            cached = "body of " + key
            self._cache.put(key, cached)
        return cached


class NotShared:
    """Not thread-safe: build one per thread."""

    def __init__(self):
        self._cache = Scratch("scratch.sqlite")


class Scratch:
    def __init__(self, name):
        self.conn = sqlite3.connect(name)
        self.cur = self.conn.cursor()

    def get(self, key):
        self.cur.execute("SELECT 1 WHERE ? = ?", (key, key))
        return self.cur.fetchone()
