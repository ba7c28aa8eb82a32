"""Two caches done right: one opened for any thread with every use under one
lock, one the worker builds and opens per call."""
import sqlite3
import threading


class SharedCache:
    def __init__(self, path):
        self.path = path
        self.conn = None
        self.lock = threading.Lock()

    def open(self):
        self.conn = sqlite3.connect(self.path, check_same_thread=False)

    def get(self, key):
        with self.lock:
            row = self.conn.execute("SELECT v FROM results WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None


class LocalCache:
    def __init__(self, path):
        self.path = path
        self.conn = None

    def open(self):
        self.conn = sqlite3.connect(self.path)

    def get(self, key):
        row = self.conn.execute("SELECT v FROM results WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def close(self):
        self.conn.close()


def fresh_lookup(path, key):
    cache = LocalCache(path)
    cache.open()
    try:
        return cache.get(key)
    finally:
        cache.close()
