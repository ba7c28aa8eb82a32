"""Savepoint helpers that release on both paths, or nest inside their own
BEGIN, or end the whole transaction on failure: nothing stays open."""
import contextlib
import sqlite3

conn = sqlite3.connect("files.db", isolation_level=None)


@contextlib.contextmanager
def savepoint_finally(name):
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
    except Exception:
        conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
        raise
    finally:
        conn.execute(f"RELEASE SAVEPOINT {name}")


@contextlib.contextmanager
def savepoint_released_in_handler(name):
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
    except Exception:
        conn.execute(f"ROLLBACK TO {name}")
        conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


class Transaction:
    """Nested levels use savepoints inside the helper's own BEGIN."""

    def __init__(self, db):
        self.db = db
        self.depth = 0

    @contextlib.contextmanager
    def atomic(self):
        name = f"sp{self.depth}"
        if self.depth == 0:
            self.db.execute("BEGIN IMMEDIATE")
        else:
            self.db.execute(f"SAVEPOINT {name}")
        self.depth += 1
        try:
            yield
        except Exception:
            if self.depth > 1:
                self.db.execute(f"ROLLBACK TO {name}")
            raise
        finally:
            self.depth -= 1
        if self.depth:
            self.db.execute(f"RELEASE {name}")
        else:
            self.db.execute("COMMIT")


def rollback_all(name):
    conn.execute(f"SAVEPOINT {name}")
    try:
        conn.execute("DELETE FROM items")
    except sqlite3.Error:
        conn.execute(f"ROLLBACK TO {name}")
        conn.rollback()
        raise
    conn.execute(f"RELEASE {name}")


def swallowed_then_released(name):
    conn.execute(f"SAVEPOINT {name}")
    try:
        conn.execute("DELETE FROM items")
    except sqlite3.Error:
        conn.execute(f"ROLLBACK TO {name}")
    conn.execute(f"RELEASE {name}")
