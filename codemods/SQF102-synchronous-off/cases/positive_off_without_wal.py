"""synchronous=OFF on a rollback-journal file: NORMAL can still corrupt it on
power loss there (safe only in WAL), so the fix writes FULL. WAL set on another
file (metrics.db) does not count for this one."""
import sqlite3


def metrics():
    conn = sqlite3.connect("metrics.db")
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def uploads():
    conn = sqlite3.connect("uploads.db")
    conn.execute("PRAGMA synchronous=OFF")
    return conn
