"""A store written for several threads: it holds a threading lock around every
use of the connection it opens in `__init__`, but opens it with the default
check_same_thread. No thread in this program is seen calling it, yet the lock
only matters if one does, and every such call raises ProgrammingError under the
lock too. Every use is under the lock, so the fix lets the connection cross
threads and the lock keeps serializing it."""
import sqlite3
import threading

from fastapi import FastAPI

app = FastAPI()


class RateStore:
    def __init__(self, path: str) -> None:
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(path)
        self._conn.execute("CREATE TABLE IF NOT EXISTS hits (key TEXT, at REAL)")

    def record(self, key: str, at: float) -> None:
        with self._lock:
            self._conn.execute("INSERT INTO hits VALUES (?, ?)", (key, at))
            self._conn.commit()

    def count(self, key: str) -> int:
        with self._lock:
            return self._conn.execute("SELECT count(*) FROM hits WHERE key = ?", (key,)).fetchone()[0]
