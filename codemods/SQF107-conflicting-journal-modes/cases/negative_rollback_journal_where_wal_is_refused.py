"""The rollback journal only where WAL cannot work: the handler taken when the
switch fails, and the branch for a filesystem without shared memory."""
import sqlite3


def open_db(path, on_network_fs):
    conn = sqlite3.connect(path)
    if on_network_fs:
        conn.execute("PRAGMA journal_mode=DELETE")
        return conn
    try:
        conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        conn.execute("PRAGMA journal_mode=TRUNCATE")
    return conn


def open_cache(path, supports_wal):
    conn = sqlite3.connect(path)
    if supports_wal:
        conn.execute("PRAGMA journal_mode=WAL")
    else:
        conn.execute("PRAGMA journal_mode=DELETE")
    return conn
