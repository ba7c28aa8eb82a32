import sqlite3
import threading


class ScratchSession:
    """Built by the worker function that uses it: it never leaves that thread."""

    def __init__(self):
        self.conn = sqlite3.connect(":memory:")

    def load(self, rows):
        self.conn.execute("CREATE TABLE t (v)")
        self.conn.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
        return self.conn.execute("SELECT count(*) FROM t").fetchone()[0]


class SharedSession:
    """Shared by the pool, every use under one lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.conn = sqlite3.connect(":memory:", check_same_thread=False)

    def refresh(self, rows):
        with self.lock:
            self.conn.execute("CREATE TABLE IF NOT EXISTS t (v)")
            self.conn.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
            self.conn.commit()

    def query(self, sql):
        with self.lock:
            return self.conn.execute(sql).fetchall()
