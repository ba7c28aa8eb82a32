"""F-exception-drop: a connection dropped by an exception (no `finally`) keeps
its write lock until the cyclic garbage collector runs on Python 3.11+; on 3.10
and older, reference counting closes it (and rolls back) as the frame goes,
unless the exception's traceback is kept, which keeps the frame alive."""
import gc
import os
import sqlite3
import sys
import threading

from _fact import Fact, scratch

REFCOUNT_CLOSES = sys.version_info < (3, 11)
fact = Fact(
    "F-exception-drop",
    "a connection an exception drops without close() keeps its write lock until the cyclic GC "
    + ("(not on this Python: refcounting closes it)" if REFCOUNT_CLOSES else "runs"),
)
db = os.path.join(scratch(), "t.db")
with sqlite3.connect(db) as setup:
    setup.execute("CREATE TABLE t (x)")
setup.close()


def per_call_helper():
    # The shape: open, write, commit, close, with no try/finally; the second
    # statement fails after the first one began the write transaction.
    conn = sqlite3.connect(db, timeout=0.1)
    cur = conn.cursor()
    cur.execute("INSERT INTO t VALUES (1)")
    cur.execute("INSERT INTO missing_table VALUES (1)")
    conn.commit()
    conn.close()


def other_writer_gets_in(timeout=0.1):
    other = sqlite3.connect(db, timeout=timeout)
    try:
        other.execute("INSERT INTO t VALUES (2)")
        other.commit()
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


def fail_and_forget():
    try:
        per_call_helper()
    except sqlite3.OperationalError:
        pass


# 1. The exception escapes and is dropped: who closes the connection?
gc.collect()
gc.disable()
fail_and_forget()
free = other_writer_gets_in()
if REFCOUNT_CLOSES:
    fact.check(free, f"another connection writes right after the exception: {free}")
else:
    fact.check(not free, f"another connection is locked out right after the exception: {not free}")
    gc.collect()
    fact.check(other_writer_gets_in(), "gc.collect() closes the dropped connection and frees the lock")
gc.enable()

# 2. The traceback is kept (stored for a report, a retry loop's last error):
# its frames keep `conn` alive, on every Python, through gc.collect() too.
kept = []
try:
    per_call_helper()
except sqlite3.OperationalError as e:
    kept.append(e)
gc.collect()
fact.check(not other_writer_gets_in(), "with the exception kept, the lock stays held through gc.collect()")
kept.clear()
gc.collect()
fact.check(other_writer_gets_in(), "dropping the kept exception and collecting frees it")

# 3. Nothing allocates while the other writer waits (it waits in C), so the
# cyclic collector need not run before its busy timeout ends.
gc.collect()
fail_and_forget()
result = []
waiter = threading.Thread(target=lambda: result.append(other_writer_gets_in(timeout=1.0)))
waiter.start()
waiter.join()
gc.collect()
if REFCOUNT_CLOSES:
    fact.check(result == [True], f"a writer waiting 1 s gets in: {result == [True]}")
else:
    fact.check(result == [False], f"a writer waiting 1 s is still locked out (no collection ran): {result == [False]}")
fact.done()
