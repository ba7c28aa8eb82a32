"""The project's database module: one connection in autocommit mode and a
savepoint helper whose failure path leaves the savepoint (reported), and a
sibling that releases in its handler (not reported)."""
import sqlite3
from contextlib import contextmanager

CONN = sqlite3.connect("sync.db", isolation_level=None, check_same_thread=False)


@contextmanager
def transaction(name="tx"):
    CONN.execute(f"SAVEPOINT {name}")
    try:
        yield CONN
    except BaseException:
        CONN.execute(f"ROLLBACK TO SAVEPOINT {name}")
        raise
    else:
        CONN.execute(f"RELEASE SAVEPOINT {name}")


@contextmanager
def careful_transaction(name="tx"):
    CONN.execute(f"SAVEPOINT {name}")
    try:
        yield CONN
    except BaseException:
        CONN.execute(f"ROLLBACK TO SAVEPOINT {name}")
        CONN.execute(f"RELEASE SAVEPOINT {name}")
        raise
    CONN.execute(f"RELEASE SAVEPOINT {name}")
