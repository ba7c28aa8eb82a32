"""F-with-no-close: `with conn:` ends a transaction and leaves the connection open."""
import contextlib
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact("F-with-no-close", "`with conn:` commits or rolls back but never closes; contextlib.closing closes")
db = os.path.join(scratch(), "t.db")
with sqlite3.connect(db) as conn:
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (1)")
fact.check(not conn.in_transaction, "after the block the INSERT is committed")
still_open = conn.execute("SELECT count(*) FROM t").fetchone()[0] == 1
fact.check(still_open, "after the block the connection still runs queries (it was not closed)")
try:
    with conn:
        conn.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError
except RuntimeError:
    pass
rows = conn.execute("SELECT count(*) FROM t").fetchone()[0]
fact.check(rows == 1, f"an exception in the block rolls back: {rows} row(s)")
with contextlib.closing(sqlite3.connect(db)) as other:
    pass
try:
    other.execute("SELECT 1")
    closed = False
except sqlite3.ProgrammingError:
    closed = True
fact.check(closed, "contextlib.closing(...) closes it")
fact.done()
