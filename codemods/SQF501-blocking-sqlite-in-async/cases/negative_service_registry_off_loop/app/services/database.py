import sqlite3
import threading


class Database:
    def __init__(self, path):
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.RLock()

    def fetch(self, sql, params=()):
        with self._lock:
            return self._conn.execute(sql, params).fetchall()
