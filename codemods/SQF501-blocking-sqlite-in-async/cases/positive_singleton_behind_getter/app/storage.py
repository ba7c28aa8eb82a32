"""A job store on one sqlite3 connection, kept by a module-level object."""
import sqlite3
import threading
from functools import lru_cache


class JobStore:
    def __init__(self, path: str) -> None:
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._conn.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, state TEXT)")

    def get_job(self, job_id: str):
        return self._conn.execute("SELECT state FROM jobs WHERE id = ?", (job_id,)).fetchone()

    def set_state(self, job_id: str, state: str) -> None:
        with self._conn:
            self._conn.execute("UPDATE jobs SET state = ? WHERE id = ?", (state, job_id))


_STORE = JobStore("jobs.db")


def store() -> JobStore:
    return _STORE


_lazy = None
_lazy_lock = threading.Lock()


def lazy_store() -> JobStore:
    # Built on first use, then shared.
    global _lazy
    with _lazy_lock:
        if _lazy is None:
            _lazy = JobStore("jobs.db")
    return _lazy


@lru_cache(maxsize=1)
def cached_store() -> JobStore:
    return JobStore("jobs.db")
