"""F-busy-last-wins: a connection's busy timeout is the last one set; a PRAGMA lowers connect's timeout."""
import os
import sqlite3
import time

from _fact import Fact, scratch

fact = Fact("F-busy-last-wins", "PRAGMA busy_timeout after connect(timeout=...) replaces it, even when lower")
db = os.path.join(scratch(), "t.db")

conn = sqlite3.connect(db, timeout=10)
before = conn.execute("PRAGMA busy_timeout").fetchone()[0]
conn.execute("PRAGMA busy_timeout=300")
after = conn.execute("PRAGMA busy_timeout").fetchone()[0]
fact.check(before == 10000 and after == 300, f"connect(timeout=10) reads {before}; after PRAGMA busy_timeout=300 it reads {after}")

holder = sqlite3.connect(db, isolation_level=None)
holder.execute("CREATE TABLE t (x)")
holder.execute("BEGIN IMMEDIATE")
holder.execute("INSERT INTO t VALUES (1)")
start = time.perf_counter()
try:
    conn.execute("INSERT INTO t VALUES (2)")
    outcome = "inserted"
except sqlite3.OperationalError as e:
    outcome = str(e)
ms = (time.perf_counter() - start) * 1000
fact.check(outcome == "database is locked" and 250 <= ms < 2000, f"against a held write lock: '{outcome}' after {ms:.0f} ms (the PRAGMA's wait, not the connect's 10 s)")
holder.execute("COMMIT")
fact.done()
