"""Module functions defined twice: the first of two unconditional `def`s of
one name never runs; a redefinition that may not run keeps the first."""
import os
import sqlite3


def bump():
    conn = sqlite3.connect("app.db")
    try:
        conn.execute("UPDATE counters SET n = n + 1")
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


def bump():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE counters SET n = n + 2")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


# Edge: redefined under `if`: the first runs whenever the condition is false.
def reset():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("UPDATE counters SET n = 0")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


if os.environ.get("COUNTERS_IN_MEMORY"):

    def reset():
        return None


# Edge: read between the two definitions (kept under another name and
# called by the second): the first runs.
def archive():
    conn = sqlite3.connect("app.db")  # expect: SQF101
    try:
        conn.execute("DELETE FROM counters WHERE n = 0")  # expect: SQF303
        conn.execute("INSERT INTO audit (what) VALUES ('write')")
        conn.commit()
    finally:
        conn.close()


_archive_rows = archive


def archive():
    _archive_rows()
