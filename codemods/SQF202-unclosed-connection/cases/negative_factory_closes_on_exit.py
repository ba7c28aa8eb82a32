"""A connection class whose `__exit__` commits (or rolls back) and then closes:
`with` on it, directly or through the store's factory method, closes every time."""
import sqlite3


class ClosingConnection(sqlite3.Connection):
    def __exit__(self, exc_type, exc, tb):
        try:
            return super().__exit__(exc_type, exc, tb)
        finally:
            self.close()


class Store:
    def __init__(self, path):
        self.path = path

    def connect(self):
        conn = sqlite3.connect(self.path, factory=ClosingConnection)
        conn.execute("PRAGMA journal_mode=WAL")
        return conn

    def add(self, item):
        with self.connect() as conn:
            conn.execute("INSERT INTO items VALUES (?)", (item,))


def count(path):
    with sqlite3.connect(path, factory=ClosingConnection) as conn:
        return conn.execute("SELECT count(*) FROM items").fetchone()[0]
