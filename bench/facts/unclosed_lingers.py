"""F-unclosed-lingers: a connection that ran a query is not freed when its last
name goes away; it waits for the cyclic garbage collector, file handle and all."""
import gc
import os
import sqlite3

from _fact import Fact, scratch

fact = Fact(
    "F-unclosed-lingers",
    "an unclosed connection that ran a query keeps its file open until the cyclic GC runs",
)
db = os.path.join(scratch(), "t.db")
with sqlite3.connect(db) as setup:
    setup.execute("CREATE TABLE t (x)")
setup.close()


def open_handles():
    """File descriptors of this process on the database file."""
    fd_dir = "/proc/self/fd"
    return sum(1 for fd in os.listdir(fd_dir) if os.path.realpath(os.path.join(fd_dir, fd)) == db)


def read_only_refresh():
    # The shape of a refresh callback: a read-only `with connect()` that never closes.
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT * FROM t").fetchall()


def closed_refresh():
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT * FROM t").fetchall()
    finally:
        conn.close()


gc.collect()
gc.disable()
for _ in range(20):
    read_only_refresh()
left = open_handles()
fact.check(left >= 20, f"20 refreshes through `with connect(...mode=ro)` leave {left} handles open")
gc.collect()
fact.check(open_handles() == 0, f"gc.collect() frees them: {open_handles()} left")
for _ in range(20):
    closed_refresh()
fact.check(open_handles() == 0, f"closing in `finally` leaves {open_handles()} open")
gc.enable()
fact.done()
