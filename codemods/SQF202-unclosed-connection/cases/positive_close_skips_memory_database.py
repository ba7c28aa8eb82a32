"""A wrapper's `close()` skips in-memory databases on purpose, and every
no-disk data object opens one; the program makes a data object per measured
file and combines them, so the in-memory connections are never closed."""
import sqlite3


class Sqlite:
    def __init__(self, filename):
        self.filename = filename
        self.con = sqlite3.connect(filename)

    def close(self):
        if self.con is not None and self.filename != ":memory:":
            self.con.close()
            self.con = None

    def execute(self, sql, params=()):
        return self.con.execute(sql, params)


class Data:
    def __init__(self, filename=None, no_disk=False):
        self._db = Sqlite(":memory:" if no_disk else filename)

    def add(self, name):
        self._db.execute("INSERT INTO files VALUES (?)", (name,))

    def close(self):
        self._db.close()


def combine(names):
    total = Data(no_disk=True)
    for name in names:
        part = Data(no_disk=True)
        part.add(name)
        total.add(name)
        part.close()
    total.close()
