"""Branches that do not say the file is off WAL keep the finding: a DELETE
chosen by a feature flag, and one in the branch where the switch *did* return
`wal` (inverted test). Only the `if not TESTING:` arm's opposite, the `else`,
is the test configuration here: its TRUNCATE is not reported."""
import sqlite3

TESTING = False
LEGACY = True


def open_flagged(path):
    conn = sqlite3.connect(path, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    if LEGACY:
        conn.execute("PRAGMA journal_mode=DELETE")
    return conn


def open_inverted(path):
    conn = sqlite3.connect(path, timeout=10)
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode == "wal":
        conn.execute("PRAGMA journal_mode=PERSIST")
    return conn


def open_not_testing(path):
    conn = sqlite3.connect(path, timeout=10)
    if not TESTING:
        conn.execute("PRAGMA journal_mode=WAL")
    else:
        conn.execute("PRAGMA journal_mode=TRUNCATE")
    return conn
