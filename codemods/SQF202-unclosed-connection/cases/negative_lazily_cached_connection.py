"""Getters that open a connection on first use and keep it (a module global, or
an attribute of the object) hand out the same connection on every later call:
it lives as long as the process or the object, whose owner closes it
(`close_metrics()`, `Recorder.close()`). A caller that does not close what the
getter returns leaks nothing; closing it would break the next caller."""
import sqlite3
import threading

_conn = None
_lock = threading.Lock()


def _metrics_db():
    global _conn
    if _conn is not None:
        return _conn
    with _lock:
        conn = sqlite3.connect("metrics.db", check_same_thread=False)
        conn.execute("CREATE TABLE IF NOT EXISTS m (ts REAL, name TEXT)")
        conn.commit()
        _conn = conn
        return conn


def record(name, ts):
    conn = _metrics_db()
    conn.execute("INSERT INTO m VALUES (?, ?)", (ts, name))
    conn.commit()


def trim(before):
    conn = _metrics_db()
    conn.execute("DELETE FROM m WHERE ts < ?", (before,))
    conn.commit()


def close_metrics():
    global _conn
    if _conn is not None:
        _conn.close()
        _conn = None


class Recorder:
    def __init__(self, path):
        self.path = path
        self._conn = None

    def _db(self):
        if self._conn is None:
            conn = sqlite3.connect(self.path)
            conn.execute("PRAGMA journal_mode=WAL")
            self._conn = conn
            return conn
        return self._conn

    def add(self, row):
        db = self._db()
        db.execute("INSERT INTO rows VALUES (?)", (row,))
        db.commit()

    def close(self):
        if self._conn is not None:
            self._conn.close()
