"""Two stores whose connect flag is an expression: one takes its lock around
every statement, the other keeps a connection per thread."""
import sqlite3
import threading


class LockedStore:
    def __init__(self, path):
        self.path = path
        self.lock = threading.RLock()
        self.db = sqlite3.connect(path, check_same_thread=(path == ":memory:"), timeout=5)

    def _execute(self, sql, params=()):
        with self.lock:
            cur = self.db.execute(sql, params)
            rows = cur.fetchall()
            self.db.commit()
            return rows

    def put(self, key, value):
        self._execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (key, value))

    def get(self, key):
        return self._execute("SELECT value FROM items WHERE key = ?", (key,))


class PerThreadStore:
    def __init__(self, path):
        self.path = path
        self.local = threading.local()

    def _db(self):
        db = getattr(self.local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, check_same_thread=not self.path.startswith("file:"))
            self.local.db = db
        return db

    def put(self, key, value):
        db = self._db()
        db.execute("INSERT OR REPLACE INTO items VALUES (?, ?)", (key, value))
        db.commit()

    def get(self, key):
        return self._db().execute("SELECT value FROM items WHERE key = ?", (key,)).fetchall()
