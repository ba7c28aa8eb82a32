"""Three stores opened for any thread, each safe its own way."""
import sqlite3
import threading


class Ledger:
    """Every use under the one lock."""

    def __init__(self, path):
        self._guard = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False)

    def credit(self, sku, n):
        with self._guard:
            self._db.execute("UPDATE stock SET n = n + ? WHERE sku = ?", (n, sku))
            self._db.commit()

    def level(self, sku):
        with self._guard:
            return self._db.execute("SELECT n FROM stock WHERE sku = ?", (sku,)).fetchone()


class Shelf:
    """A connection per thread."""

    def __init__(self, path):
        self.path = path
        self.slots = threading.local()

    def _conn(self):
        if getattr(self.slots, "db", None) is None:
            self.slots.db = sqlite3.connect(self.path, check_same_thread=False)
        return self.slots.db

    def place(self, sku, bay):
        self._conn().execute("UPDATE stock SET bay = ? WHERE sku = ?", (bay, sku))
        self._conn().commit()


class Counter:
    """A connection per call."""

    def __init__(self, path):
        self.path = path

    def count(self):
        db = sqlite3.connect(self.path, check_same_thread=False)
        try:
            return db.execute("SELECT count(*) FROM stock").fetchone()[0]
        finally:
            db.close()
