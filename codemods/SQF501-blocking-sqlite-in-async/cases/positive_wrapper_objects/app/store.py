"""A DB-wrapper: the connection is opened in __init__ and kept on self."""
import sqlite3


class BaseRepo:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS items (name TEXT)")

    def all(self):
        return self.conn.execute("SELECT name FROM items").fetchall()


class Store(BaseRepo):
    _instance = None

    @classmethod
    def shared(cls):
        if cls._instance is None:
            cls._instance = cls("app.db")
        return cls._instance

    def _query(self, sql):
        return self.conn.execute(sql).fetchall()

    def _count(self):
        return self._query("SELECT count(*) FROM items")

    def counts(self):
        # Two levels of self-helpers before the database.
        return self._count()

    def close(self):
        self.conn.close()
