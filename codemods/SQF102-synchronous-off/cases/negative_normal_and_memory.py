"""Normal settings, a scratch in-memory database, and a PRAGMA query."""
import sqlite3

PRAGMAS = [
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA busy_timeout=5000",
]


def connect(path):
    conn = sqlite3.connect(path, timeout=5.0)
    for statement in PRAGMAS:
        conn.execute(statement)
    return conn


def scratch():
    # An in-memory database has nothing to lose on power loss.
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA synchronous=OFF")
    return conn


def durability(conn):
    return conn.execute("PRAGMA synchronous").fetchone()[0]

