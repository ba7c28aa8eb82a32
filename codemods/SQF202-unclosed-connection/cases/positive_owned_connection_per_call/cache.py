"""A cache keeps its connection on `self`; no method closes it (the base class's
`close()` knows nothing of it). Its owner keeps one on `self` and has no close
either, and the handler builds a new owner per request: every request leaves a
connection, with its file handle, open until the cyclic garbage collector runs."""
import sqlite3


class Store:
    def close(self):
        self.flushed = True


class Cache(Store):
    def __init__(self, path):
        self._connect(path)

    def _connect(self, path):
        self._con = sqlite3.connect(path)
        self._con.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)")

    def get(self, key):
        row = self._con.execute("SELECT v FROM kv WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key, value):
        with self._con:
            self._con.execute("INSERT OR REPLACE INTO kv VALUES (?, ?)", (key, value))


class Reader:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def rows(self):
        return self.conn.execute("SELECT * FROM items").fetchall()
