"""Savepoint helpers that roll back to the savepoint on an error and re-raise,
but release it only when the block succeeded. `ROLLBACK TO` keeps the
savepoint: the connection (autocommit, so the savepoint began the transaction)
stays in a write transaction after every failed block, and the sync worker's
writes on its own connection fail with "database is locked"."""
import contextlib
import sqlite3
import uuid

conn = sqlite3.connect("files.db", isolation_level=None, check_same_thread=False)


@contextlib.contextmanager
def savepoint(name=None):
    name = name or f"sp_{uuid.uuid4().hex}"
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
    except Exception:
        conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
        raise
    conn.execute(f"RELEASE SAVEPOINT {name}")


class Store:
    def __init__(self, path):
        self.db = sqlite3.connect(path, isolation_level=None)

    def apply(self, changes):
        self.db.execute("SAVEPOINT apply")
        try:
            for change in changes:
                self.db.execute("INSERT INTO changes VALUES (?, ?)", change)
        except sqlite3.Error:
            self.db.execute("ROLLBACK TO apply")
            raise
        else:
            self.db.execute("RELEASE apply")
