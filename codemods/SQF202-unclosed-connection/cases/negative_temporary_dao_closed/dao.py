"""A data-access object whose `connect()` opens a sqlite3 connection on first
use and keeps it; its docstring asks the caller to `close()` it."""
import sqlite3


class RunDAO:
    """Access to the run database. Call close() when done."""

    def __init__(self, path):
        self.path = path
        self.conn = None

    def connect(self):
        if self.conn is None:
            self.conn = sqlite3.connect(self.path, timeout=30)
        return self.conn

    def select_mode(self):
        return self.connect().execute("SELECT mode FROM runs LIMIT 1").fetchone()

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None
