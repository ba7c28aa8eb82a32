"""WAL everywhere; an in-memory test database in MEMORY mode; a mode query."""
import sqlite3


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn


def test_db():
    mem = sqlite3.connect(":memory:")
    mem.execute("PRAGMA journal_mode=MEMORY")
    return mem


def mode(conn):
    return conn.execute("PRAGMA journal_mode").fetchone()[0]
