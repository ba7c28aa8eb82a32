"""F-contextmanager-swallows: a `@contextmanager` generator that catches the
exception thrown in at its `yield` and does not raise it again suppresses it:
the `with` statement ends normally and the caller's next line runs. With a
`BEGIN IMMEDIATE` before the `yield` and a `COMMIT` after the handler, the
part of the block that ran before the error is committed."""
import os
import sqlite3
from contextlib import contextmanager

from _fact import Fact, scratch

fact = Fact(
    "F-contextmanager-swallows",
    "a @contextmanager that catches at its yield without re-raising hides the with block's error",
)
db = os.path.join(scratch(), "t.db")
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")


@contextmanager
def swallowing_lock():
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except Exception:
        pass
    conn.execute("COMMIT")


@contextmanager
def finally_lock():
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")


reached = False
with swallowing_lock() as c:
    c.execute("INSERT INTO t VALUES (1)")
    c.execute("INSERT INTO t VALUES (1)")  # IntegrityError: duplicate key
    c.execute("INSERT INTO t VALUES (2)")
reached = True
rows = [r[0] for r in conn.execute("SELECT x FROM t")]
fact.check(reached, "the line after the `with` runs although the block raised IntegrityError")
fact.check(rows == [1], f"the part of the block before the error is committed (rows {rows})")

raised = None
try:
    with finally_lock() as c:
        c.execute("INSERT INTO t VALUES (1)")
except sqlite3.IntegrityError as e:
    raised = e
fact.check(raised is not None, "with try/finally instead, the caller sees the IntegrityError")
fact.done()
