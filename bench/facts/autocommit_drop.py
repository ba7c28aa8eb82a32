"""F-autocommit-drop: a connection in autocommit mode (`isolation_level=None`)
that an exception drops holds no lock, even while a kept traceback keeps it
alive: each statement ended its own transaction, the failed one included. An
explicit BEGIN on the same connection brings the held lock back."""
import gc
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-autocommit-drop",
    "an autocommit connection an exception drops holds no lock, unless the code began a transaction itself",
)
db = os.path.join(scratch(), "t.db")
with sqlite3.connect(db) as setup:
    setup.execute("CREATE TABLE t (x UNIQUE)")
setup.close()


def helper(begin):
    # Open, write, fail, close on the success path only: no try/finally.
    conn = sqlite3.connect(db, timeout=0.1, isolation_level=None)
    if begin:
        conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (?)", (os.urandom(8).hex(),))
    conn.execute("INSERT INTO missing_table VALUES (1)")
    conn.close()


def other_writer_gets_in():
    other = sqlite3.connect(db, timeout=0.1)
    try:
        other.execute("INSERT INTO t VALUES (?)", (os.urandom(8).hex(),))
        other.commit()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


for begin in (False, True):
    kept = []
    gc.collect()
    gc.disable()
    try:
        helper(begin)
    except sqlite3.OperationalError as e:
        kept.append(e)  # a logger or a retry loop keeping the traceback
    free = other_writer_gets_in()
    if begin:
        fact.check(not free, f"with its own BEGIN, the dropped connection keeps the write lock: {not free}")
    else:
        fact.check(free, f"autocommit, traceback kept, no collection: another connection writes: {free}")
    kept.clear()
    gc.enable()
    gc.collect()
fact.done()
