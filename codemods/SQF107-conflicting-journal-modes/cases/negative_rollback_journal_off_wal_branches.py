"""The store asks for WAL and sets a rollback journal only where WAL is not
wanted or could not be had: under the test configuration (a throwaway file),
and in the fallback taken when the switch returned another mode (a network
share refuses WAL). Neither flips a file that is in WAL: not reported."""
import os
import sqlite3

TESTING = os.environ.get("APP_ENV") == "test"


def open_store(path):
    conn = sqlite3.connect(path, timeout=10)
    if TESTING:
        conn.execute("PRAGMA journal_mode=DELETE")
        return conn
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal":
        conn.execute("PRAGMA journal_mode=TRUNCATE")
    return conn


def open_archive(path, settings):
    conn = sqlite3.connect(path, timeout=10)
    if os.environ.get("APP_ENV") == "testing":
        conn.execute("PRAGMA journal_mode=MEMORY")
    else:
        result = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if result == "wal":
            conn.execute("PRAGMA synchronous=NORMAL")
        else:
            conn.execute("PRAGMA journal_mode=DELETE")
    return conn
