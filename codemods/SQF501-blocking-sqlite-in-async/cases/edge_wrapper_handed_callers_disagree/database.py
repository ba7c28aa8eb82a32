import sqlite3


class Database:
    def __init__(self, path):
        self.conn = sqlite3.connect(path)

    def cursor(self):
        return self.conn.cursor()


class Memo:
    """Not a database: a cache with a `cursor()` of its own."""

    def __init__(self):
        self.items = []

    def cursor(self):
        return iter(self.items)
