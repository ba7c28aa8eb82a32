"""F-self-deadlock: a second connection opened inside one's own write transaction."""
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact(
    "F-self-deadlock",
    "a function that writes on a second connection to the same file while its caller's connection holds an open write transaction waits the whole busy timeout and fails with 'database is locked', every time, in WAL and rollback-journal mode; committing first, or writing on the caller's connection, succeeds",
)
folder = scratch()
TIMEOUT = 0.5  # seconds; Python's default is 5 (F-busy-default)


def helper_insert(path, value):
    """What the nested helper does: its own connection to the same file."""
    other = sqlite3.connect(path, timeout=TIMEOUT)
    try:
        with other:
            other.execute("INSERT INTO t (v) VALUES (?)", (value,))
    finally:
        other.close()


for wal in (True, False):
    mode = "WAL" if wal else "rollback journal"
    db = os.path.join(folder, f"{mode[:3]}.db")
    setup = sqlite3.connect(db)
    if wal:
        setup.execute("PRAGMA journal_mode=WAL")
    setup.execute("CREATE TABLE t (v)")
    setup.commit()
    setup.close()

    # The batch writer: BEGIN, insert, then call the helper inside the transaction.
    outer = sqlite3.connect(db, timeout=TIMEOUT, isolation_level=None)
    outer.execute("BEGIN")
    outer.execute("INSERT INTO t (v) VALUES ('batch')")
    started = time.monotonic()
    try:
        helper_insert(db, "nested")
        nested = "ok"
    except sqlite3.OperationalError as e:
        nested = str(e)
    waited = time.monotonic() - started
    fact.check(nested == "database is locked", f"{mode}: the nested connection's write inside the open transaction: {nested!r}")
    fact.check(waited >= TIMEOUT * 0.9, f"{mode}: it failed only after the whole busy timeout ({waited:.2f} s of {TIMEOUT} s)")
    outer.execute("COMMIT")

    # Fix 1: commit before the call.
    outer.execute("BEGIN")
    outer.execute("INSERT INTO t (v) VALUES ('batch 2')")
    outer.execute("COMMIT")
    try:
        helper_insert(db, "after commit")
        after = "ok"
    except sqlite3.OperationalError as e:
        after = str(e)
    fact.check(after == "ok", f"{mode}: after COMMIT the same helper writes: {after!r}")

    # Fix 2: the helper writes on the connection it is handed.
    outer.execute("BEGIN")
    outer.execute("INSERT INTO t (v) VALUES ('batch 3')")
    outer.execute("INSERT INTO t (v) VALUES ('nested on the same connection')")
    outer.execute("COMMIT")
    rows = outer.execute("SELECT count(*) FROM t").fetchone()[0]
    fact.check(rows == 5, f"{mode}: passing the open connection down commits both writes together ({rows} rows)")
    outer.close()
fact.done()
