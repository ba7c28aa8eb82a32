"""A lazily opened cache handed to a fork pool before anything used it: each
worker opens its own connection on first use, so no open connection crosses the
fork (the parent's later use opens another of its own)."""
import multiprocessing
import sqlite3


class Cache:
    def __init__(self, path):
        self.path = path
        self._conn = None

    def get(self, key):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)
        return self._conn.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()


def main(path, keys):
    cache = Cache(path)
    with multiprocessing.Pool(4) as pool:
        found = pool.map(cache.get, keys)
    return found, cache.get("schema")
