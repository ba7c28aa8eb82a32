"""Labelled from diskcache 5.6.3 (deliberate): PRAGMAs from a settings dict.

The cache applies every `sqlite_*` entry of its settings to each new connection,
WAL and synchronous included. Judged: no finding (SQF101 would be a false
positive: nothing was forgotten).
"""
import sqlite3
import threading

DEFAULT_SETTINGS = {
    "statistics": 0,
    "sqlite_journal_mode": "wal",
    "sqlite_synchronous": 1,
    "sqlite_cache_size": 2**13,
    "sqlite_journal_size_limit": 2**26,
}


class Cache:
    def __init__(self, directory, **settings):
        self._directory = directory
        self._local = threading.local()
        self._settings = dict(DEFAULT_SETTINGS, **settings)

    @property
    def _con(self):
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = sqlite3.connect(
                self._directory + "/cache.db", timeout=60, isolation_level=None
            )
            for key, value in sorted(self._settings.items()):
                if key.startswith("sqlite_"):
                    self._set_pragma(con, key[len("sqlite_"):], value)
        return con

    def _set_pragma(self, con, name, value):
        con.execute("PRAGMA %s = %s" % (name, value)).fetchall()

    def set(self, key, value):
        with self._con:
            self._con.execute("INSERT OR REPLACE INTO cache (key, value) VALUES (?, ?)", (key, value))
