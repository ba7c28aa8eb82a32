"""Journal modes spelled every way: WAL set in lower case with quotes, a query
(`PRAGMA journal_mode` with no value) that sets nothing, `OFF` on an in-memory
scratch database (left alone), and `'delete'` in mixed case with spaces on the
real file (reported: it flips the file back to the rollback journal)."""
import sqlite3

DB_PATH = "documents.db"


def open_db():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("pragma journal_mode = 'wal'")
    conn.execute("PRAGMA synchronous=NORMAL")
    return conn


def current_mode(conn):
    return conn.execute("PRAGMA journal_mode").fetchone()[0]


def scratch():
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA journal_mode=OFF")
    return conn


def export_snapshot():
    conn = sqlite3.connect(DB_PATH, timeout=5.0)
    conn.execute("Pragma Journal_Mode = 'delete'")
    return conn
