"""A store that opens its connection on first use and closes it when its `with`
block ends."""
import sqlite3


class Store:
    def __init__(self, path):
        self.path = path
        self._conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def record(self, name, value):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)
        with self._conn:
            self._conn.execute("INSERT INTO results VALUES (?, ?)", (name, value))
