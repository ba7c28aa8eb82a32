import sqlite3
import threading
from contextlib import contextmanager


class Store:
    def __init__(self, path):
        self.conn = sqlite3.connect(path, isolation_level="", check_same_thread=False, timeout=30)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.mutex = threading.Lock()

    @contextmanager
    def write_block(self):
        with self.mutex:
            with self.conn:
                yield self.conn

    def close(self):
        self.conn.close()


def init(path):
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE counter (name TEXT PRIMARY KEY, n INTEGER NOT NULL)")
    conn.execute("INSERT INTO counter VALUES ('pages', 0)")
    conn.commit()
    conn.close()


def value(path):
    conn = sqlite3.connect(path)
    n = conn.execute("SELECT n FROM counter").fetchone()[0]
    conn.close()
    return n
