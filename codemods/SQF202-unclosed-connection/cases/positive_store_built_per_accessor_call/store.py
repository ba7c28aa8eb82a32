"""A results store that opens its connection on first use and keeps it; no
method closes it."""
import sqlite3


class Store:
    def __init__(self, path):
        self.path = path
        self._conn = None

    def _connection(self):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path)
        return self._conn

    def record(self, name, value):
        conn = self._connection()
        conn.execute("INSERT INTO results VALUES (?, ?)", (name, value))
        conn.commit()
