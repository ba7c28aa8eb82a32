"""Retry loops whose success path leaves the loop from inside a block: the
next turn runs only after the try failed, so one connection is open at a time
and one per call succeeds, not one per item."""
import sqlite3
import time
from contextlib import closing


def read_status(ro_uri):
    # A read-only copy may be mid-replace: try twice, return from the block.
    for _ in range(2):
        try:
            with closing(sqlite3.connect(ro_uri, uri=True)) as conn:
                rows = conn.execute("SELECT key, value FROM status").fetchall()
                return dict(rows)
        except sqlite3.Error:
            time.sleep(0.2)
    return {}


def count_jobs(path, attempts=3):
    for attempt in range(attempts):
        try:
            with sqlite3.connect(path, timeout=5) as conn:
                (n,) = conn.execute("SELECT count(*) FROM jobs").fetchone()
                if n is None:
                    return 0
                else:
                    return n
        except sqlite3.OperationalError:
            time.sleep(attempt + 1)
    raise RuntimeError("jobs database stayed locked")
