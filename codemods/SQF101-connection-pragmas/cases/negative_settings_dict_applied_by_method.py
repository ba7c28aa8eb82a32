"""The settings dict is applied by a method of the class, not on the variable that
holds the connection (the shape of diskcache 5.6.3, core.py: `Cache._con` and
`Cache.reset`)."""
import sqlite3
import threading

DEFAULT_SETTINGS = {
    "sqlite_journal_mode": "wal",
    "sqlite_synchronous": 1,  # NORMAL
    "sqlite_cache_size": 2**13,
}


class Cache:
    def __init__(self, path, timeout=60):
        self._path = path
        self._timeout = timeout
        self._local = threading.local()

    @property
    def _con(self):
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = sqlite3.connect(
                self._path, timeout=self._timeout, isolation_level=None
            )
            for key, value in DEFAULT_SETTINGS.items():
                if key.startswith("sqlite_"):
                    self.reset(key, value)
        return con

    def reset(self, key, value):
        pragma = key[7:]
        self._con.execute("PRAGMA %s = %s" % (pragma, value)).fetchall()
