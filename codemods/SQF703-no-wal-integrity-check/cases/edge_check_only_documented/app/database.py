"""Database setup for the document service.

Probes a check that is only documented: this docstring and `startup`'s mention
`PRAGMA quick_check`, `integrity_check` and "database disk image is malformed",
but no code runs them or handles the error. Expected: one MONITOR finding, at the
lowercase, quoted `journal_mode = 'wal'` pragma below.

TODO: run PRAGMA quick_check at startup once backups are in place.
"""
import sqlite3

DB_PATH = "documents.db"


def connect():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("pragma journal_mode = 'wal';")
    conn.execute("pragma synchronous = normal;")
    return conn
