"""Two caches with an owner-thread check: one applies it to every use of the
connection (other threads get their own), the other also takes one lock
around every use, so the readers' statements never land inside the owner's
transaction."""
import sqlite3
import threading


class OwnerOnlyCache:
    def __init__(self, path):
        self.path = path
        self._owner = threading.get_ident()
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def _check_owner(self):
        if threading.get_ident() != self._owner:
            raise RuntimeError("wrong thread")

    def get(self, key):
        if threading.get_ident() != self._owner:
            with sqlite3.connect(self.path) as other:
                return other.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
        return self._conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()

    def set(self, key, value):
        self._check_owner()
        self._conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
        self._conn.commit()


class LockedCache:
    def __init__(self, path):
        self._owner = threading.current_thread()
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False)

    def get(self, key):
        with self._lock:
            row = self._conn.execute("SELECT value FROM cache WHERE key = ?", (key,)).fetchone()
            self._conn.commit()
            return row

    def set(self, key, value):
        if threading.current_thread() is not self._owner:
            raise RuntimeError("wrong thread")
        with self._lock:
            self._conn.execute("INSERT OR REPLACE INTO cache VALUES (?, ?)", (key, value))
            self._conn.commit()
