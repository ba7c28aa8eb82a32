"""A process-wide download cache: writes are allowed only on the thread that
built it, but `get` reads, and commits, from whichever thread calls."""
import sqlite3
import threading
import time


class DownloadCache:
    def __init__(self, path, limit=1000):
        self._owner_thread = threading.current_thread().ident
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._conn.execute(
            "CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, value BLOB, atime REAL)"
        )
        self.limit = limit

    def write_safe(self):
        return threading.current_thread().ident == self._owner_thread

    def get(self, key):
        cur = self._conn.cursor()
        cur.execute("SELECT value FROM cache WHERE key = ?", (key,))
        row = cur.fetchone()
        if row is not None and self.write_safe():
            cur.execute("UPDATE cache SET atime = ? WHERE key = ?", (time.time(), key))
        self._conn.commit()
        return row[0] if row else None

    def set(self, key, value):
        if not self.write_safe():
            raise RuntimeError("cache writes must happen on the owner thread")
        self._cull()
        self._conn.execute(
            "INSERT OR REPLACE INTO cache VALUES (?, ?, ?)", (key, value, time.time())
        )
        self._conn.commit()

    def delete(self, key):
        if not self.write_safe():
            raise RuntimeError("cache writes must happen on the owner thread")
        self._conn.execute("DELETE FROM cache WHERE key = ?", (key,))
        self._conn.commit()

    def _cull(self):
        count = self._conn.execute("SELECT count(*) FROM cache").fetchone()[0]
        if count >= self.limit:
            self._conn.execute(
                "DELETE FROM cache WHERE key IN (SELECT key FROM cache ORDER BY atime LIMIT 10)"
            )
