"""Tuples that look like (connection, cursor) but are not: only a connection the
helper opened itself, returned next to a cursor of it, makes a pair factory."""

import sqlite3

_shared = sqlite3.connect("inventory.db", check_same_thread=False)


def shared_cursor():
    # The module keeps the connection: dropping it here leaks nothing.
    return _shared, _shared.cursor()


def connection_and_path(path="inventory.db"):
    conn = sqlite3.connect(path)
    return conn, path


def read():
    _, cur = shared_cursor()
    return cur.execute("SELECT 1").fetchone()


def where():
    conn, path = connection_and_path()
    conn.close()
    return path
