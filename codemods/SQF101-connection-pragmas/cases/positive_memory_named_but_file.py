"""An `else` branch of an in-memory test, and a `with` block that writes: both are
file databases that need WAL."""
import sqlite3

MEMORY = ":memory:"


def open_db(path):
    if path == MEMORY:
        return sqlite3.connect(path)
    else:
        conn = sqlite3.connect(path)
        conn.execute("create table if not exists t (x)")
        return conn


def save(path, row):
    with sqlite3.connect(path) as conn:
        conn.execute("insert into t values (?)", (row,))
