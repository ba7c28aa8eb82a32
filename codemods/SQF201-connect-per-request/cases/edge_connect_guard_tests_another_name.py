"""A guard that tests something other than the name the connect assigns does
not make it run once: the first loop still opens a connection per item, and
the `else` branch of a guard runs on every item after the first."""
import sqlite3


def copy_rows(path, rows, ready):
    for row in rows:
        if ready is None:
            conn = sqlite3.connect(path)
            conn.execute("INSERT INTO t VALUES (?)", (row,))
            conn.commit()
            conn.close()


def copy_rest(path, rows):
    conn = None
    for row in rows:
        if conn is None:
            conn = sqlite3.connect(path)
        else:
            other = sqlite3.connect(path)
            other.execute("INSERT INTO t VALUES (?)", (row,))
            other.commit()
