import sqlite3

from .tuning import tune


def get_connection(path):
    return tune(sqlite3.connect(path))


def other(path):
    conn = sqlite3.connect(path)
    tune(conn)
    conn.execute("INSERT INTO t VALUES (1)")
    conn.commit()
    conn.close()
