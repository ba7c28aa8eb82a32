"""F-busy-default: Python's sqlite3.connect waits 5 s on a lock unless told otherwise."""
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact("F-busy-default", "sqlite3.connect() sets a 5000 ms busy timeout; timeout=0 fails at once")
db = os.path.join(scratch(), "t.db")

default = sqlite3.connect(db).execute("PRAGMA busy_timeout").fetchone()[0]
fact.check(default == 5000, f"PRAGMA busy_timeout after sqlite3.connect(path) is {default}")
zero = sqlite3.connect(db, timeout=0).execute("PRAGMA busy_timeout").fetchone()[0]
fact.check(zero == 0, f"PRAGMA busy_timeout after sqlite3.connect(path, timeout=0) is {zero}")

holder = sqlite3.connect(db, isolation_level=None)
holder.execute("CREATE TABLE t (x)")
holder.execute("BEGIN IMMEDIATE")
holder.execute("INSERT INTO t VALUES (1)")


def time_insert(timeout):
    conn = sqlite3.connect(db, timeout=timeout)
    start = time.perf_counter()
    try:
        conn.execute("INSERT INTO t VALUES (2)")
        outcome = "inserted"
    except sqlite3.OperationalError as e:
        outcome = str(e)
    conn.close()
    return outcome, (time.perf_counter() - start) * 1000


outcome, ms = time_insert(0)
fact.check(outcome == "database is locked" and ms < 50, f"timeout=0 against a held write lock: '{outcome}' after {ms:.1f} ms")
outcome, ms = time_insert(0.3)
fact.check(outcome == "database is locked" and ms >= 250, f"timeout=0.3: '{outcome}' after {ms:.0f} ms (it waited)")
holder.execute("COMMIT")
fact.done()
