"""The write goes through a cursor handed in, whose connection the fix cannot
name: a retry would call `cursor.rollback()`, which sqlite3 cursors do not have.
Reported, no automatic fix."""

import sqlite3


def record(cursor: sqlite3.Cursor, kind):
    try:
        cursor.execute("INSERT INTO events (kind) VALUES (?)", (kind,))
    except sqlite3.OperationalError:
        pass
