"""Labelled from sqlitedict 2.1 (naive setting) and requests-cache 1.3.3
(deliberate option): `synchronous=OFF`.

Judged: unconditional OFF on every connection is SQF102 true; OFF behind the
caller's documented `fast_save=True` option is the caller's trade-off, no finding.
SQF703 (off by default, not run here) would note a WAL database nothing quick-checks.
"""
import sqlite3


def open_dict(filename):
    conn = sqlite3.connect(filename, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")  # expect: SQF102
    return conn


class SQLiteCache:
    def __init__(self, path, fast_save=False):
        self.path = path
        self.fast_save = fast_save

    def connection(self):
        con = sqlite3.connect(self.path, timeout=30)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA journal_size_limit = 67108864")
        if self.fast_save:
            con.execute("PRAGMA synchronous = 0")
        return con
