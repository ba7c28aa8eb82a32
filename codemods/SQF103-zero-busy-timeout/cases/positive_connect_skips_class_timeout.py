"""A cache class stores the timeout it was configured with and passes it to its
per-thread connection, but its table checks and its initialisation connect pass
none: those wait Python's 5 s, and seeding processes beside the server fail there."""
import sqlite3
import threading
from multiprocessing import Pool


class TileCache:
    def __init__(self, filename, timeout=30):
        self.filename = filename
        self.timeout = timeout
        self._local = threading.local()
        self.ensure_db()

    @property
    def db(self):
        if getattr(self._local, "db", None) is None:
            self._local.db = sqlite3.connect(self.filename, timeout=self.timeout)
        return self._local.db

    def ensure_db(self):
        db = sqlite3.connect(self.filename)
        db.execute("PRAGMA journal_mode=wal")
        db.execute("CREATE TABLE IF NOT EXISTS tiles (k, v)")
        db.commit()
        db.close()

    def has_table(self, name):
        with sqlite3.connect(self.filename) as db:
            return db.execute("SELECT 1 FROM sqlite_master WHERE name=?", (name,)).fetchone()

    def store(self, k, v):
        self.db.execute("INSERT INTO tiles VALUES (?, ?)", (k, v))
        self.db.commit()


def seed(keys):
    cache = TileCache("tiles.sqlite")
    for k in keys:
        cache.store(k, b"")


if __name__ == "__main__":
    with Pool(4) as pool:
        pool.map(seed, [range(10), range(10, 20)])
