"""Labelled from browser-cookie3 0.20.1 and beets 2.14.1 (deliberate):
`except sqlite3.OperationalError` used on purpose to probe a schema or a file.

Judged: no finding. A probe that fails is the answer, not a lost write (SQF701
would be a false positive).
"""
import sqlite3


def connection_ok(connection):
    try:
        connection.cursor().execute("select 1 from sqlite_master")
        return True
    except sqlite3.OperationalError:
        return False


def add_column(conn, table, column):
    try:
        conn.execute(f"SELECT {column} FROM {table} LIMIT 1")
    except sqlite3.OperationalError:
        conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT")
        conn.commit()


def migrate(conn):
    try:
        conn.execute("ALTER TABLE items ADD COLUMN added REAL")
    except sqlite3.OperationalError:
        pass  # the column exists already
