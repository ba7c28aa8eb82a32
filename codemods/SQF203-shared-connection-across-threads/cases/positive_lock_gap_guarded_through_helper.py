"""A read/write lock kept in SQLite: acquire takes `_transaction_lock` with a
timeout and runs BEGIN in a private helper under it; release rolls back on the
shared connection with no lock, so one thread's rollback can end the
transaction another thread has just begun in acquire."""
import sqlite3
import threading


class SqliteRWLock:
    def __init__(self, path):
        self._con = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._transaction_lock = threading.Lock()
        self._level_lock = threading.Lock()
        self._level = 0

    def acquire_read(self):
        if not self._transaction_lock.acquire(timeout=5):
            raise TimeoutError(self)
        try:
            self._begin()
        finally:
            self._transaction_lock.release()
        with self._level_lock:
            self._level += 1

    def _begin(self):
        self._con.execute("BEGIN TRANSACTION")
        self._con.execute("SELECT name FROM sqlite_schema").fetchall()

    def release(self):
        with self._level_lock:
            self._level -= 1
            last = self._level == 0
        if last:
            self._con.rollback()


