"""WAL with a size limit and the default checkpoint threshold."""
import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864;"
    )
    conn.execute("PRAGMA wal_autocheckpoint=1000")
    return conn
