"""Two stores: one keeps its connection open for its life and has no close, the
other can be closed (and used in a `with`)."""
import sqlite3


class Store:
    def __init__(self, path):
        self.path = path
        self._conn = None

    def _db(self):
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, check_same_thread=False)
        return self._conn

    def record(self, name, value):
        db = self._db()
        db.execute("INSERT INTO results VALUES (?, ?)", (name, value))
        db.commit()


class ClosingStore:
    def __init__(self, path):
        self.path = path
        self._handle = None

    def record(self, name, value):
        if self._handle is None:
            self._handle = sqlite3.connect(self.path)
        self._handle.execute("INSERT INTO results VALUES (?, ?)", (name, value))
        self._handle.commit()

    def close(self):
        if self._handle is not None:
            self._handle.close()
