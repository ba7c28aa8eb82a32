"""Lazily opened connections done right: one per thread, or one behind a lock."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

_local = threading.local()
_shared = None
_lock = threading.RLock()


def conn():
    if getattr(_local, "conn", None) is None:
        _local.conn = sqlite3.connect("jobs.db")
    return _local.conn


def record(job):
    c = conn()
    c.execute("INSERT INTO done (job) VALUES (?)", (job,))
    c.commit()


def _open_shared():
    global _shared
    _shared = sqlite3.connect("jobs.db", check_same_thread=False)


def count():
    with _lock:
        if _shared is None:
            _open_shared()
        return _shared.execute("SELECT count(*) FROM done").fetchone()[0]


def run(jobs):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(record, jobs))
        list(pool.map(lambda _: count(), jobs))


if __name__ == "__main__":
    run(range(10))
