"""A factory that returns a fresh connection (no `with` pretending to manage it),
and callers that close what it returns, with `closing()` or in a `finally`."""
import contextlib
import sqlite3


def open_db(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def count(path):
    with contextlib.closing(open_db(path)) as conn:
        return conn.execute("SELECT count(*) FROM t").fetchone()[0]


def add(path, value):
    conn = open_db(path)
    try:
        with conn:
            conn.execute("INSERT INTO t VALUES (?)", (value,))
    finally:
        conn.close()
