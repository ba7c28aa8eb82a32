"""WAL with no journal_size_limit: after a burst the -wal file keeps its size.

That is disk space the next burst reuses, not lost data or a lock: no finding.
"""
import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn
