"""The same helper, fixed: the outermost level takes the write lock with
BEGIN IMMEDIATE, savepoints only nest."""
import sqlite3
import threading

_local = threading.local()


def connection():
    if not hasattr(_local, "conn"):
        _local.conn = sqlite3.connect("shop.db", isolation_level=None, timeout=10)
        _local.conn.execute("PRAGMA journal_mode=WAL")
        _local.conn.execute("PRAGMA synchronous=NORMAL")
    return _local.conn


class Transaction:
    def __init__(self):
        self.conn = connection()

    def __enter__(self):
        _local.depth = getattr(_local, "depth", 0) + 1
        self.name = f"sp_{_local.depth}"
        if _local.depth == 1:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute(f"SAVEPOINT {self.name}")
        return self.conn.cursor()

    def __exit__(self, exc_type, exc, tb):
        _local.depth -= 1
        outermost = _local.depth == 0
        if exc_type is None:
            self.conn.execute("COMMIT" if outermost else f"RELEASE SAVEPOINT {self.name}")
        else:
            self.conn.execute("ROLLBACK" if outermost else f"ROLLBACK TO SAVEPOINT {self.name}")


transaction = Transaction
