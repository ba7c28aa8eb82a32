"""The PRAGMA's result is assigned: the move is only suggested; an autocommit=False connection gets a note."""
import sqlite3


def init_db(path):
    conn = sqlite3.connect(path, timeout=5.0)
    conn.execute("UPDATE meta SET booted = booted + 1")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    conn.commit()
    return conn, mode


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, timeout=5.0)
        self.conn.execute("DELETE FROM locks")
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.commit()


def open_312(path):
    # Python 3.12: autocommit=False keeps a transaction open from the start.
    conn = sqlite3.connect(path, timeout=5.0, autocommit=False)
    conn.execute("PRAGMA journal_mode=WAL")
    return conn
