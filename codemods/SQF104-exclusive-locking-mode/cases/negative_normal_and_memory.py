"""NORMAL locking, a query of the mode, and an in-memory scratch database."""
import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA locking_mode=NORMAL")
    return conn


def locking_mode(conn):
    return conn.execute("PRAGMA locking_mode").fetchone()[0]


def scratch():
    mem = sqlite3.connect(":memory:")
    mem.execute("PRAGMA locking_mode=EXCLUSIVE")
    return mem
