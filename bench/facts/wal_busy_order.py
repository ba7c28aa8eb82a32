"""F-wal-busy-order: switching a file to WAL waits only the busy timeout the
connection has at that moment.

Another process opens the file (still in the rollback journal) and keeps a read
transaction open for about 6.5 s, longer than Python's default 5 s wait. A
connection opened with the default timeout then runs `PRAGMA journal_mode=WAL`
and `PRAGMA busy_timeout=20000`:
- WAL first: the switch needs the file's lock, waits 5 s and fails with
  "database is locked"; the 20 s asked for on the next line never applied to it.
- timeout first: the switch waits for the reader to finish and returns `wal`.
On a file already in WAL the request is a no-op that waits for nothing.
Plain python3 is enough (sqlite3 and multiprocessing only).
"""
import multiprocessing
import os
import sqlite3
import time

from _fact import Fact, scratch

HOLD = 6.5  # seconds the other process keeps its read transaction open


def reader(path, ready, hold):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM t").fetchone()
    ready.set()
    time.sleep(hold)
    conn.execute("COMMIT")
    conn.close()


def attempt(path, timeout_first):
    """Open with Python's default timeout and configure in the given order."""
    path_db = os.path.join(path, ("first" if timeout_first else "late") + ".db")
    setup = sqlite3.connect(path_db)
    setup.execute("CREATE TABLE t (x)")
    setup.execute("INSERT INTO t VALUES (1)")
    setup.commit()
    setup.close()
    ready = multiprocessing.Event()
    other = multiprocessing.Process(target=reader, args=(path_db, ready, HOLD))
    other.start()
    ready.wait(10)
    conn = sqlite3.connect(path_db)  # timeout=5.0, Python's default
    start = time.perf_counter()
    try:
        if timeout_first:
            conn.execute("PRAGMA busy_timeout=20000")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        else:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            conn.execute("PRAGMA busy_timeout=20000")
        outcome = mode
    except sqlite3.OperationalError as exc:
        outcome = f"error: {exc}"
    waited = time.perf_counter() - start
    conn.close()
    other.join()
    return outcome, waited


if __name__ == "__main__":
    fact = Fact(
        "F-wal-busy-order",
        "PRAGMA journal_mode=WAL beside another process's read waits only the timeout set before it",
    )
    folder = scratch()
    outcome, waited = attempt(folder, timeout_first=False)
    fact.check(
        outcome == "error: database is locked" and 4.5 <= waited < HOLD,
        f"WAL first, busy_timeout=20000 second: {outcome!r} after {waited:.1f} s (the default 5 s wait)",
    )
    outcome, waited = attempt(folder, timeout_first=True)
    fact.check(
        outcome == "wal" and waited >= 5.0,
        f"busy_timeout=20000 first, WAL second: {outcome!r} after {waited:.1f} s (waited out the reader)",
    )
    # Once the file is in WAL the request changes nothing and takes no lock:
    # the order matters only on the open that converts the file.
    converted = os.path.join(folder, "first.db")
    holder = sqlite3.connect(converted, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (2)")
    late = sqlite3.connect(converted, timeout=0.2)
    start = time.perf_counter()
    mode = late.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    waited = time.perf_counter() - start
    fact.check(
        mode == "wal" and waited < 0.1,
        f"on a file already in WAL, beside another's write transaction: {mode!r} after {waited * 1000:.1f} ms",
    )
    holder.execute("ROLLBACK")
    holder.close()
    late.close()
    fact.done()
