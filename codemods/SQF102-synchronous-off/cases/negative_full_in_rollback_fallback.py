"""synchronous=FULL set only where the file is not in WAL: the fallback after
the WAL request was refused, and the test configuration's rollback journal.
FULL is the durable setting for a rollback journal; nothing to report. In WAL
the connection gets NORMAL."""
import sqlite3


def connect(path, testing=False):
    conn = sqlite3.connect(path, timeout=10)
    if testing:
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("PRAGMA synchronous=FULL")
        return conn
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA synchronous=FULL")
    else:
        conn.execute("PRAGMA synchronous=NORMAL")
    return conn
